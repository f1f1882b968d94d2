"""Whether a notebook's imports are declared by its project and installed where it runs.

Plain Python, no server: `imports` reads a notebook's imports, `declarations` the project's
dependency files, `installed` the environment's module-to-distribution map, and `findings`
puts the three together. `jupyter sane deps` and the server's handler use them as they are.
"""
