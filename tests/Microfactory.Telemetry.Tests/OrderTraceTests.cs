using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microfactory.Telemetry.Tests.Otlp;
using Microfactory.Testing;

namespace Microfactory.Telemetry.Tests;

/// <summary>
/// The orchestrator and a site agent, each a process of its own exporting OTLP/HTTP to this test's receiver: one order
/// must arrive as one trace, from the API request to the agent's work on its cell and back to completion.
/// </summary>
public sealed class OrderTraceTests
{
    private const string AdminKey = "telemetry-admin-key-0123456789abcdef";
    private const string SiteCredential = "telemetry-site-credential-0123456789";
    private const string Orchestrator = "microfactory-orchestrator";
    private const string Agent = "microfactory-site-agent";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The ASP.NET Core instrumentation names a server span "{method} {route template}"; the order group's root
    // template is "/api/orders/" (MapGroup("/api/orders") + MapPost("/")).
    private const string OrderRequest = "POST /api/orders/";

    [Fact]
    public async Task One_order_is_one_trace_across_the_orchestrator_and_the_agent()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var root = Directory.CreateTempSubdirectory("mf-otel-");
        int apiPort = FreeTcpPort.Next(), linkPort = FreeTcpPort.Next();
        var otel = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        };
        var orchestratorRoot = root.CreateSubdirectory("orchestrator").FullName;
        await using var orchestrator = ChildProcess.Start(BuiltApp.Orchestrator, orchestratorRoot, Path.Combine(root.FullName, "orchestrator.log"), new Dictionary<string, string>(otel)
        {
            ["Urls"] = $"http://127.0.0.1:{apiPort}",
            ["AgentLink__Port"] = linkPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Store__Kind"] = "Memory",
            ["Auth__ApiKeys__0__Name"] = "telemetry-admin",
            ["Auth__ApiKeys__0__Key"] = AdminKey,
            ["Auth__ApiKeys__0__Role"] = "admin",
            ["Agents__Credentials__site-t1"] = SiteCredential,
        }.Concat(SiloPorts.Environment()).ToDictionary(), "--contentRoot", orchestratorRoot);
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        await Await.Until(async () => await Ready(api), $"the orchestrator to be ready (log: {orchestrator.LogPath})", Patience);
        await SeedAsync(api);

        var agentRoot = root.CreateSubdirectory("agent").FullName;
        await using var agent = ChildProcess.Start(BuiltApp.SiteAgent, agentRoot, Path.Combine(root.FullName, "agent.log"), new Dictionary<string, string>(otel)
        {
            ["Agent__OrchestratorUrl"] = $"http://127.0.0.1:{linkPort}",
            ["Agent__SiteId"] = "site-t1",
            ["Agent__Credential"] = SiteCredential,
            ["Agent__StateDirectory"] = root.CreateSubdirectory("agent-state").FullName,
            ["Agent__Cells__0__Id"] = "cell-1",
            ["Agent__Cells__0__Driver"] = "simulated",
            ["Agent__Cells__0__Capabilities__0"] = "cnc",
            ["Agent__Cells__0__Simulated__CycleTime"] = "00:00:00.100",
            ["Agent__Cells__0__Simulated__ChangeoverTime"] = "00:00:00.100",
            ["Agent__Cells__0__Simulated__ScrapRate"] = "0",
            ["Agent__Cells__0__Simulated__InstalledDesigns__0"] = "bracket@1.0.0",
        }, "--contentRoot", agentRoot);
        await Await.Until(async () => await Connected(api), $"the agent to connect (logs: {agent.LogPath}, {orchestrator.LogPath})", Patience);

        var orderId = await SubmitAsync(api);
        var last = "";
        try
        {
            await Await.Until(async () => (last = await StatusOf(api, orderId)) == "Completed", $"order {orderId} to complete", Patience);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} It is {last}: {await api.GetStringAsync($"/api/orders/{orderId}")}\n--- agent ---\n{await File.ReadAllTextAsync(agent.LogPath)}\n--- orchestrator ---\n{await File.ReadAllTextAsync(orchestrator.LogPath)}", e);
        }
        (string Service, string Name)[] expected =
        [
            (Orchestrator, OrderRequest), (Orchestrator, "routing.place"), (Orchestrator, "dispatch job"),
            (Orchestrator, "microfactory.agent.v1.AgentLink/Connect send JobAssignment"),
            (Agent, "microfactory.agent.v1.AgentLink/Connect receive JobAssignment"), (Agent, "run job"), (Agent, "produce parts"),
            (Orchestrator, "microfactory.agent.v1.AgentLink/Connect receive JobUpdate Done"), (Orchestrator, "order completed"),
        ];
        try
        {
            await Await.Until(() => Task.FromResult(receiver.Spans.FirstOrDefault(s => s.Name == OrderRequest) is { } request
                    && expected.All(e => receiver.Spans.Any(s => s.TraceId == request.TraceId && s.Service == e.Service && s.Name == e.Name))),
                "every span of the order's trace to be exported", Patience);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Received:\n{string.Join('\n', receiver.Spans.Select(s => $"{s.TraceId} {s}"))}", e);
        }

        var apiSpan = One([.. receiver.Spans], Orchestrator, OrderRequest, string.Join('\n', receiver.Spans));
        var trace = receiver.Spans.Where(s => s.TraceId == apiSpan.TraceId).ToList();
        var describe = string.Join('\n', trace);

        Assert.Equal(Span.Types.SpanKind.Server, apiSpan.Span.Kind);
        Assert.Equal("/api/orders/", apiSpan.Attribute("http.route"));
        Assert.Equal(201L, apiSpan.Attribute("http.response.status_code"));

        var routing = One(trace, Orchestrator, "routing.place", describe);
        Assert.Equal("site-t1", routing.Attribute("mf.site.id"));
        Assert.NotNull(routing.Attribute("mf.routing.score"));
        Assert.True(IsBelow(routing, apiSpan, trace), $"routing is not under the API request:\n{describe}");

        var dispatch = One(trace, Orchestrator, "dispatch job", describe);
        Assert.True(IsBelow(dispatch, apiSpan, trace), $"dispatch is not under the API request:\n{describe}");

        var send = One(trace, Orchestrator, "microfactory.agent.v1.AgentLink/Connect send JobAssignment", describe);
        Assert.Equal(dispatch.SpanId, send.ParentSpanId);
        AssertRpc(send, Span.Types.SpanKind.Producer);

        var received = One(trace, Agent, "microfactory.agent.v1.AgentLink/Connect receive JobAssignment", describe);
        Assert.Equal(send.SpanId, received.ParentSpanId);
        AssertRpc(received, Span.Types.SpanKind.Consumer);

        var run = One(trace, Agent, "run job", describe);
        Assert.Equal(received.SpanId, run.ParentSpanId);
        Assert.Equal(orderId, run.Attribute("mf.order.id"));
        Assert.Equal("cell-1", run.Attribute("mf.cell.id"));
        Assert.Equal("completed", run.Attribute("mf.job.outcome"));
        Assert.Equal(run.SpanId, One(trace, Agent, "produce parts", describe).ParentSpanId);

        var done = One(trace, Orchestrator, "microfactory.agent.v1.AgentLink/Connect receive JobUpdate Done", describe);
        Assert.Equal(run.SpanId, done.ParentSpanId);
        Assert.True(IsBelow(One(trace, Orchestrator, "order completed", describe), done, trace), $"completion is not under the agent's DONE:\n{describe}");

        // The agent's log lines inside the job carry the trace, and the key metrics of both processes arrive.
        await Await.Until(() => Task.FromResult(receiver.Logs.Any(l => l.Service == Agent && Convert.ToHexStringLower(l.Record.TraceId.Span) == apiSpan.TraceId)),
            "an agent log record in the order's trace", Patience);
        string[] orchestratorMetrics = ["mf.orders.submitted", "mf.orders.routed", "mf.orders.completed", "mf.dispatch.duration", "mf.routing.duration", "mf.agents.connected", "mf.site.utilisation", "mf.city.utilisation", "orleans-catalog-activations"];
        await Await.Until(() => Task.FromResult(orchestratorMetrics.All(m => receiver.Metrics.Contains((Orchestrator, m))) && receiver.Metrics.Contains((Agent, "mf.agent.jobs.finished"))),
            $"the key metrics (have: {string.Join(", ", receiver.Metrics.Distinct())})", Patience);

        // The gRPC transport's own spans for the Connect stream end when the agent leaves.
        await agent.StopGracefullyAsync();
        await Await.Until(() => Task.FromResult(receiver.Spans.Any(s => s.Service == Orchestrator && s.Name == "microfactory.agent.v1.AgentLink/Connect" && s.Span.Kind == Span.Types.SpanKind.Server)
                && receiver.Spans.Any(s => s.Service == Agent && s.Name == "microfactory.agent.v1.AgentLink/Connect" && s.Span.Kind == Span.Types.SpanKind.Client)),
            "the Connect stream's server and client spans", Patience);
        var server = receiver.Spans.First(s => s.Service == Orchestrator && s.Name == "microfactory.agent.v1.AgentLink/Connect" && s.Span.Kind == Span.Types.SpanKind.Server);
        AssertRpc(server, Span.Types.SpanKind.Server);

        // The agent's client span (Grpc.Net.Client's activity, named by the gRPC client instrumentation) is the server span's
        // parent, and no HTTP span sits between them; it ends CANCELLED because the stopping agent cancels its stream.
        var client = receiver.Spans.Single(s => s.Service == Agent && s.SpanId == server.ParentSpanId);
        AssertRpc(client, Span.Types.SpanKind.Client, "CANCELLED");
        Assert.Equal("microfactory.agent.v1.AgentLink/Connect", client.Name);

        // Secrets never leave a process in telemetry.
        foreach (var body in receiver.RawBodies)
        {
            var text = Encoding.UTF8.GetString(body);
            Assert.DoesNotContain(AdminKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(SiteCredential, text, StringComparison.Ordinal);
        }

        root.Delete(recursive: true);
    }

    private static ReceivedSpan One(List<ReceivedSpan> trace, string service, string name, string describe)
    {
        var matches = trace.Where(s => s.Service == service && s.Name == name).ToList();
        Assert.True(matches.Count == 1, $"expected one '{name}' span from {service} in the order's trace, found {matches.Count}:\n{describe}");
        return matches[0];
    }

    private static void AssertRpc(ReceivedSpan span, Span.Types.SpanKind kind, string status = "OK")
    {
        var attributes = string.Join(", ", span.Span.Attributes.Select(a => $"{a.Key}={a.Value}"));
        Assert.True(kind == span.Span.Kind, $"{span}: {attributes}");
        Assert.True("grpc" == (string?)span.Attribute("rpc.system.name"), $"{span}: {attributes}");
        Assert.True("microfactory.agent.v1.AgentLink/Connect" == (string?)span.Attribute("rpc.method"), $"{span}: {attributes}");
        Assert.True(status == (string?)span.Attribute("rpc.response.status_code"), $"{span}: {attributes}");
    }

    /// <summary>True when <paramref name="ancestor"/> is on the parent chain of <paramref name="span"/>.</summary>
    private static bool IsBelow(ReceivedSpan span, ReceivedSpan ancestor, List<ReceivedSpan> trace)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        var current = span;
        for (var depth = 0; depth < 64 && byId.TryGetValue(current.ParentSpanId, out var parent); depth++)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }

            current = parent;
        }

        return false;
    }

    private static async Task<bool> Ready(HttpClient api)
    {
        try
        {
            using var response = await api.GetAsync("/readyz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<bool> Connected(HttpClient api)
    {
        using var site = await JsonDocument.ParseAsync(await api.GetStreamAsync("/api/sites/site-t1"));
        return site.RootElement.GetProperty("connected").GetBoolean();
    }

    private static async Task SeedAsync(HttpClient api)
    {
        await PutAsync(api, "/api/cities/osaka", new { name = "Osaka", latitude = 34.6937, longitude = 135.5023 });
        await PutAsync(api, "/api/designs/bracket/versions/1.0.0", new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:06:00" });
        await PutAsync(api, "/api/sites/site-t1", new
        {
            name = "Telemetry site",
            cityId = "osaka",
            latitude = 34.70,
            longitude = 135.50,
            cells = new[] { new { id = "cell-1", capabilities = new[] { "cnc" } } },
        });
    }

    private static async Task PutAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> SubmitAsync(HttpClient api)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { product = "bracket", quantity = 3, dueAt = DateTimeOffset.UtcNow.AddDays(2), deliveryCityId = "osaka" }),
        };
        request.Headers.Add("Idempotency-Key", "telemetry-order-1");
        using var response = await api.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/orders: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        using var order = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return order.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<string> StatusOf(HttpClient api, string orderId)
    {
        using var order = await JsonDocument.ParseAsync(await api.GetStreamAsync($"/api/orders/{orderId}"));
        return order.RootElement.GetProperty("status").GetString()!;
    }
}
