using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microfactory.Orchestrator.Tests.Support;

/// <summary>Builds a network through the admin API, as an operator would, and connects sites as their agents would.</summary>
public sealed class Seed(ApiFactory factory)
{
    private readonly HttpClient _admin = factory.Admin();

    public static DateTimeOffset DueInDays(int days) => DateTimeOffset.UtcNow.AddDays(days);

    public async Task CityAsync(string id, double latitude, double longitude)
    {
        var response = await _admin.PutAsync($"/api/cities/{id}", Json.Body(new { name = id, latitude, longitude, country = "JP" })).Within($"PUT city {id}");
        await EnsureAsync(response, $"city {id}");
    }

    public async Task DesignAsync(string product, string version, string[] capabilities, TimeSpan cycleTimePerPart)
    {
        var body = new { capabilities, cycleTimePerPart, changeover = TimeSpan.FromMinutes(30) };
        var response = await _admin.PutAsync($"/api/designs/{product}/versions/{version}", Json.Body(body)).Within($"PUT design {product}@{version}");
        await EnsureAsync(response, $"design {product}@{version}");
    }

    /// <summary>Registers a site with one cell per capability set; it stays Offline until <see cref="ConnectAsync"/>.</summary>
    public async Task<SiteView> SiteAsync(string id, string cityId, double latitude, double longitude, params string[][] cells)
    {
        var body = new
        {
            name = id,
            cityId,
            latitude,
            longitude,
            cells = cells.Select((caps, i) => new { id = $"cell-{i + 1}", capabilities = caps, hoursPerDay = 16.0 }).ToArray(),
        };
        var response = await _admin.PutAsync($"/api/sites/{id}", Json.Body(body)).Within($"PUT site {id}");
        await EnsureAsync(response, $"site {id}");
        return await response.ReadAsync<SiteView>();
    }

    /// <summary>
    /// The site's agent says hello and its stream stays: the site goes Online and connected. The stream is the gRPC
    /// handler's own follow loop (<see cref="SiteLink.FollowAsync"/>) run in the background until the host stops or
    /// <see cref="DisconnectAsync"/>, so the site's session keeps showing life as a real one does; what it is sent goes
    /// nowhere (no agent acknowledges it).
    /// </summary>
    public async Task<SiteSessionStart> ConnectAsync(string siteId)
    {
        var session = factory.Services.GetRequiredService<SiteSessions>().Open(siteId, $"test-session-{siteId}");
        var link = factory.Services.GetRequiredService<SiteLink>();
        var start = await link.ConnectAsync(siteId, session.Id, 0, []).Within($"site {siteId} connecting");
        var stopping = factory.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in link.FollowAsync(session, start.ResumeAfter, stopping))
                {
                }
            }
            catch (Exception) when (stopping.IsCancellationRequested || session.Replaced.IsCancellationRequested)
            {
                // the host stopped under the loop, or the test connected the site again: the stream ends
            }
        });
        return start;
    }

    /// <summary>The site's agent drops: its stream ends in order, as the gRPC handler ends it.</summary>
    public async Task DisconnectAsync(string siteId)
    {
        var sessions = factory.Services.GetRequiredService<SiteSessions>();
        var session = sessions.Open(siteId, $"test-session-{siteId}"); // replaces (ends) the running follow loop
        sessions.Close(session);
        await factory.Services.GetRequiredService<SiteLink>().DisconnectAsync(siteId, session.Id).Within($"site {siteId} disconnecting");
    }

    public static object Order(string product, int quantity, string deliveryCityId, int dueInDays = 5) =>
        new { product, quantity, dueAt = DueInDays(dueInDays), deliveryCityId };

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient planner, string idempotencyKey, object order)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = Json.Body(order) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await planner.SendAsync(request).Within($"order submission with key {idempotencyKey}");
    }

    /// <summary>Submits and expects a new order.</summary>
    public static async Task<OrderView> PlaceAsync(HttpClient planner, string idempotencyKey, object order)
    {
        var response = await SubmitAsync(planner, idempotencyKey, order);
        await EnsureAsync(response, $"order {idempotencyKey}");
        return await response.ReadAsync<OrderView>();
    }

    public static async Task<OrderView> GetOrderAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/orders/{id}").Within($"GET order {id}");
        await EnsureAsync(response, $"order {id}");
        return await response.ReadAsync<OrderView>();
    }

    /// <summary>Polls the order through the API until it reaches <paramref name="status"/>.</summary>
    public static async Task<OrderView> UntilStatusAsync(HttpClient client, string id, OrderStatus status)
    {
        OrderView? last = null;
        try
        {
            await Await.Until(async () => (last = await GetOrderAsync(client, id)).Status == status, $"order {id} to become {status}");
        }
        catch (TimeoutException e)
        {
            var history = string.Join("; ", last?.History.Select(h => $"{h.At:HH:mm:ss.fff} {h.Status}: {h.Reason}") ?? []);
            throw new TimeoutException($"{e.Message} It stayed {last?.Status}; history: {history}", e);
        }

        return last!;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync().Within($"the error body for {what}");
            Assert.Fail($"{what}: {(int)response.StatusCode} {body}");
        }
    }
}
