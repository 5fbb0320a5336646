using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microfactory.Orchestrator.Hosting;
using Microfactory.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microfactory.Orchestrator.Tests.Support;

/// <summary>
/// The orchestrator as it runs for real: Kestrel on loopback ports, the API on HTTP and the agent link on HTTP/2,
/// so real peers (Python's grpcio, the site agent) can dial it. Stopping it and starting another on the same store
/// directory is a restart.
/// </summary>
public sealed class RealOrchestrator : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly WebApplication _app;

    private RealOrchestrator(WebApplication app, Uri api, Uri agentLink)
    {
        _app = app;
        Api = api;
        AgentLink = agentLink;
        Admin = new HttpClient { BaseAddress = api };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public Uri Api { get; }

    public Uri AgentLink { get; }

    public HttpClient Admin { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a node; <paramref name="siteCredentials"/> maps site ids to their agents' credentials; <paramref name="services"/> adds to the node's services.</summary>
    public static async Task<RealOrchestrator> StartAsync(
        IReadOnlyDictionary<string, string> siteCredentials, string? storeDirectory = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        // A free port can be taken by another test process between being picked and being bound: pick again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(siteCredentials, storeDirectory, settings, services);
            }
            catch (IOException e) when (attempt < 3 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    private static async Task<RealOrchestrator> StartOnceAsync(
        IReadOnlyDictionary<string, string> siteCredentials, string? storeDirectory, IDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        int apiPort = FreeTcpPort.Next(), linkPort = FreeTcpPort.Next();
        var config = new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{apiPort}",
            ["AgentLink:Port"] = linkPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Store:Kind"] = storeDirectory is null ? "Memory" : "LocalDirectory",
            ["Store:Directory"] = storeDirectory,
            ["Auth:ApiKeys:0:Name"] = "test-admin",
            ["Auth:ApiKeys:0:Key"] = AdminKey,
            ["Auth:ApiKeys:0:Role"] = "admin",
        };
        foreach (var (site, credential) in siteCredentials)
        {
            config[$"Agents:Credentials:{site}"] = credential;
        }

        foreach (var (key, value) in SiloPorts.Settings())
        {
            config[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddOrchestrator();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseOrchestrator();
        try
        {
            await app.StartAsync().Within("the orchestrator to start");
        }
        catch
        {
            // What did start (the silo) stops, so a retry finds its ports and nothing else runs on.
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StopAsync(stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            await app.DisposeAsync();
            throw;
        }

        return new RealOrchestrator(app, new Uri($"http://127.0.0.1:{apiPort}"), new Uri($"http://127.0.0.1:{linkPort}"));
    }

    /// <summary>Defines a city, a CNC design and one one-cell CNC site per id, all near that city.</summary>
    public async Task SeedAsync(params string[] siteIds)
    {
        await Put("/api/cities/osaka", new { name = "Osaka", latitude = 34.6937, longitude = 135.5023 });
        await Put("/api/designs/bracket/versions/1.0.0", new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:06:00" });
        foreach (var (site, i) in siteIds.Select((s, i) => (s, i)))
        {
            await Put($"/api/sites/{site}", new
            {
                name = site,
                cityId = "osaka",
                latitude = 34.70 + i * 0.01,
                longitude = 135.50,
                cells = new[] { new { id = "cell-1", capabilities = new[] { "cnc" } } },
            });
        }
    }

    /// <summary>
    /// Submits as a well-behaved client does: on 503 (the node gave up after its own bounded retries) it waits the
    /// Retry-After and sends the same request with the same Idempotency-Key again.
    /// </summary>
    public async Task<string> SubmitOrderAsync(string key, int quantity = 5, int maxAttempts = 30, DateTimeOffset? due = null)
    {
        var dueAt = due ?? DateTimeOffset.UtcNow.AddDays(3);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = JsonContent.Create(new { product = "bracket", quantity, dueAt, deliveryCityId = "osaka" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await Admin.SendAsync(request);
            if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && attempt < maxAttempts)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            response.EnsureSuccessStatusCode();
            var order = await response.Content.ReadFromJsonAsync<OrderRef>();
            return order!.Id;
        }
    }

    public async Task<OrderState> OrderAsync(string id) => (await Admin.GetFromJsonAsync<OrderState>($"/api/orders/{id}"))!;

    /// <summary>The order once it has <paramref name="status"/>; the timeout says which status it stayed in.</summary>
    public async Task<OrderState> UntilStatusAsync(string orderId, string status, TimeSpan patience)
    {
        OrderState? last = null;
        try
        {
            await Await.Until(async () => (last = await OrderAsync(orderId)).Status == status, $"order {orderId} to become {status}", patience);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} It stayed {last?.Status}.", e);
        }

        return last!;
    }

    private async Task Put(string path, object body)
    {
        using var response = await Admin.PutAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Stops the node as a graceful shutdown does (its grains write what they hold); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Admin.Dispose();
        await _app.StopAsync().Within("the orchestrator to stop");
        await _app.DisposeAsync();
    }

    private int _disposed;

    public sealed record OrderRef(string Id);

    public sealed record OrderState(string Id, string Status, int Good, int Scrap, OrderAssignmentRef? Assignment);

    public sealed record OrderAssignmentRef(string SiteId, string CellId, string JobId);
}
