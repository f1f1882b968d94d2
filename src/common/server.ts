import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** The URL namespace of the server part's endpoints. */
export const API_NAMESPACE = 'jupyterlab-sane';

/**
 * Calls an endpoint of the server part with the application's server settings.
 * Rejects with a `ServerConnection.ResponseError` (carrying the HTTP status) on a non-2xx answer
 * and a `ServerConnection.NetworkError` when the server cannot be reached.
 */
export async function requestAPI<T>(
  serverSettings: ServerConnection.ISettings,
  endPoint: string,
  init: RequestInit = {}
): Promise<T> {
  const url = URLExt.join(serverSettings.baseUrl, API_NAMESPACE, endPoint);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, serverSettings);
  } catch (error) {
    throw new ServerConnection.NetworkError(error as TypeError);
  }
  if (!response.ok) {
    throw await ServerConnection.ResponseError.create(response);
  }
  return (await response.json()) as T;
}
