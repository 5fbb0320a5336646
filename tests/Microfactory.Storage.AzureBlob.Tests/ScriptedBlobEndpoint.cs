using System.Collections.Concurrent;
using System.Net;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>
/// A loopback HTTP endpoint answering from a script, for what Azurite cannot be made to do on demand: throttle
/// (503 ServerBusy) or stall. A status of <see cref="Stall"/> never answers that request. It records each attempt's
/// headers so tests can see what the SDK retried and signed.
/// </summary>
public sealed class ScriptedBlobEndpoint : IDisposable
{
    public const int Stall = 0;

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(int Status, string? ErrorCode)> _script;
    private readonly ConcurrentBag<HttpListenerContext> _stalled = [];
    private readonly Task _serving;

    public ScriptedBlobEndpoint(params (int Status, string? ErrorCode)[] script)
    {
        _script = new ConcurrentQueue<(int, string?)>(script);
        Port = AzuriteProcess.FreeLoopbackPort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public ConcurrentQueue<(string Date, string Authorization)> Attempts { get; } = new();

    public string ConnectionString => AzuriteProcess.ConnectionStringFor(Port);

    public void Dispose()
    {
        foreach (var context in _stalled)
        {
            context.Response.Abort();
        }

        _listener.Stop();
        _listener.Close();
        _ = _serving.Exception; // observed: the loop ends with the listener
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Attempts.Enqueue((context.Request.Headers["x-ms-date"] ?? "", context.Request.Headers["Authorization"] ?? ""));
            await context.Request.InputStream.CopyToAsync(Stream.Null);
            var (status, code) = _script.TryDequeue(out var next) ? next : (500, "ScriptExhausted");
            if (status == Stall)
            {
                _stalled.Add(context);
                continue;
            }

            context.Response.StatusCode = status;
            if (code is not null)
            {
                context.Response.Headers["x-ms-error-code"] = code;
            }

            if (status == 201)
            {
                context.Response.Headers["ETag"] = "\"0x8DC0000000000001\"";
            }

            context.Response.Close();
        }
    }
}
