using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Microfactory.LoadTest;

/// <summary>One submitted order: when its POST went out, when the 201 came back, and the order id it names.</summary>
public sealed record SubmittedOrder(string OrderId, long SentAt, long AcceptedAt);

/// <summary>
/// Open-loop order submission: order i is due at i / rate whatever earlier orders are doing, with at most
/// <c>maxInFlight</c> unanswered requests (a due order beyond that is counted as skipped, not queued). Order i goes to
/// node i mod the number of nodes.
/// </summary>
public sealed class OrderLoad(IReadOnlyList<OrchestratorProcess> nodes, int maxInFlight, string phase)
{
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<SubmittedOrder> _accepted = [];
    private int _inFlight;
    private int _skipped;

    public IReadOnlyCollection<SubmittedOrder> Accepted => _accepted;

    public IReadOnlyDictionary<string, int> Errors => _errors;

    public int Skipped => _skipped;

    public async Task<(int Sent, TimeSpan Took)> RunAsync(int perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = maxInFlight, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var clients = nodes.Select(node =>
        {
            var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = node.Api, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", node.AdminKey);
            return http;
        }).ToList();

        var total = (int)(perSecond * duration.TotalSeconds);
        var requests = new List<Task>(total);
        var runId = phase + "-" + Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due - clock.Elapsed > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken); // paces the open loop; not a synchronisation
            }

            if (Interlocked.Increment(ref _inFlight) > maxInFlight)
            {
                Interlocked.Decrement(ref _inFlight);
                Interlocked.Increment(ref _skipped);
                continue;
            }

            requests.Add(SubmitAsync(clients[i % clients.Count], $"lt-{runId}-{i}", i, cancellationToken));
        }

        var sendTook = clock.Elapsed;
        await Task.WhenAll(requests).WaitAsync(cancellationToken);
        clients.ForEach(c => c.Dispose());
        return (requests.Count, sendTook);
    }

    private async Task SubmitAsync(HttpClient http, string idempotencyKey, int i, CancellationToken cancellationToken)
    {
        try
        {
            using var request = SimulatedNetwork.OrderRequest(idempotencyKey, i);
            var sentAt = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, cancellationToken);
            var acceptedAt = Stopwatch.GetTimestamp();
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Error($"HTTP {(int)response.StatusCode}");
                return;
            }

            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            _accepted.Add(new SubmittedOrder(body.RootElement.GetProperty("id").GetString()!, sentAt, acceptedAt));
        }
        catch (HttpRequestException e)
        {
            Error($"HTTP: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Error("HTTP: timed out after 30 s");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Error(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
}
