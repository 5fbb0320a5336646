using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microfactory.Cli.Settings;

namespace Microfactory.Cli.Api;

/// <summary>
/// The planner API over HTTP with the bearer key. Every failure becomes a <see cref="CliException"/>: an error answer
/// says what the API said (<see cref="Problem"/>), a network failure says which URL could not be reached.
/// </summary>
public sealed class ApiClient : IDisposable
{
    /// <summary>How long one ordinary request may take; uploads take as long as the bytes need.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly Connection _connection;

    public ApiClient(Connection connection, HttpMessageHandler? handler = null)
    {
        _connection = connection;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: true)
        {
            BaseAddress = connection.Url,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.ApiKey);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("mf", typeof(ApiClient).Assembly.GetName().Version?.ToString(3)));
    }

    public Uri Url => _connection.Url;

    public Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<ApiResponse> PostAsync(string path, object? body, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body, options: ApiResponse.Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return SendAsync(request, cancellationToken);
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool timeout = true)
    {
        using (request)
        {
            var what = $"{request.Method} {request.RequestUri}";
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (timeout)
            {
                limit.CancelAfter(RequestTimeout);
            }

            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
                var body = await response.Content.ReadAsStringAsync(limit.Token);
                return response.IsSuccessStatusCode
                    ? new ApiResponse(response.StatusCode, body)
                    : throw Problem.From(response.StatusCode, body, what, _connection.KeySource);
            }
            catch (HttpRequestException e)
            {
                throw new CliException(ExitCodes.Unavailable, $"Could not reach the API at {_connection.Url} ({what}): {Describe(e)}",
                    ["Is the orchestrator running there? Set the URL with --url, MF_URL or the config file (mf login)."]);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.Unavailable, $"The API at {_connection.Url} did not answer {what} within {RequestTimeout.TotalSeconds:0} s.");
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        SocketException socket => socket.Message,
        { } inner => $"{e.Message} {inner.Message}",
        _ => e.Message,
    };
}
