using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microfactory.Contracts.Agent.V1;
using AgentLinkClient = Microfactory.Contracts.Agent.V1.AgentLink.AgentLinkClient;

namespace Microfactory.Orchestrator.Tests.Hosting;

/// <summary>The orchestrator process as an operator starts and stops it: standard URL settings, a busy port, SIGTERM.</summary>
public sealed class ProcessHostingTests : IAsyncLifetime
{
    private const string AdminKey = "hosting-test-admin-key-0123456789";
    private const string SiteCredential = "hosting-test-osaka-01-credential-0123";

    // A cold start of the silo took 21 s on this 2-core machine while other test assemblies ran beside it.
    private static readonly TimeSpan StartUp = TimeSpan.FromSeconds(90);

    private readonly string _directory = Directory.CreateTempSubdirectory("mf-hosting-").FullName;
    private readonly int _apiPort = FreeTcpPort.Next();
    private readonly int _linkPort = FreeTcpPort.Next();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ASPNETCORE_URLS_chooses_the_rest_endpoint_and_nothing_warns_of_overriding_it()
    {
        await using var orchestrator = Start(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_apiPort}" });
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_apiPort}") };

        await Await.Until(async () => await Healthy(api), $"GET /healthz on the ASPNETCORE_URLS port {_apiPort}", StartUp);
        await orchestrator.StopGracefullyAsync();

        var log = await File.ReadAllTextAsync(orchestrator.LogPath);
        Assert.DoesNotContain("Overriding address", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_stops_start_up_with_one_line_naming_the_port_and_its_setting()
    {
        var busy = new TcpListener(IPAddress.Loopback, _linkPort);
        busy.Start();
        try
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "/usr/bin/dotnet";
            var run = await ProcessRunner.RunAsync(dotnet, [BuiltApp.Orchestrator], "the orchestrator to refuse a busy port",
                environment: Settings(new Dictionary<string, string> { ["Urls"] = $"http://127.0.0.1:{_apiPort}" }).ToDictionary(), workingDirectory: _directory);

            Assert.Equal(1, run.ExitCode);
            var output = run.StandardOutput + run.StandardError;
            Assert.Contains($"Port {_linkPort} on 127.0.0.1 is already in use by another process: stop it or choose another port with AgentLink:Port", run.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public async Task SIGTERM_tells_connected_agents_to_reconnect_elsewhere_and_stops_within_seconds()
    {
        await using var orchestrator = Start(new Dictionary<string, string> { ["Urls"] = $"http://127.0.0.1:{_apiPort}" });
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_apiPort}") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        await Await.Until(async () => await Healthy(api), "the orchestrator to answer /healthz", StartUp);
        await RegisterSiteAsync(api);

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_linkPort}");
        using var call = new AgentLinkClient(channel).Connect(new Metadata { { "authorization", $"Bearer {SiteCredential}" } });
        await call.RequestStream.WriteAsync(Hello()).Within("the hello to be sent");
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Within("the welcome"));
        Assert.Equal(OrchestratorMessage.BodyOneofCase.Welcome, call.ResponseStream.Current.BodyCase);

        // As an agent does: read until the stream ends, then let the call go (which lets the server close the connection).
        var agent = ReadUntilEndAsync(call);
        var stopping = Stopwatch.StartNew();
        await orchestrator.StopGracefullyAsync();
        stopping.Stop();

        var (notice, ended) = await agent.Within("the agent's stream to end");
        Assert.Equal(NoticeCode.ShuttingDown, notice?.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), notice!.RetryAfter.ToTimeSpan());
        Assert.Equal(StatusCode.OK, ended.StatusCode);
        // Without the notice Kestrel holds the open stream for the whole HostOptions:ShutdownTimeout (30 s).
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"the stop took {stopping.Elapsed}");
        var log = await File.ReadAllTextAsync(orchestrator.LogPath);
        Assert.Contains("Shutting down: telling 1 connected agents to reconnect to another node", log, StringComparison.Ordinal);
        Assert.Contains("Stopped in", log, StringComparison.Ordinal);
        Assert.Equal(0, orchestrator.ExitCode);
    }

    private ChildProcess Start(IReadOnlyDictionary<string, string> endpoint) =>
        ChildProcess.Start(BuiltApp.Orchestrator, _directory, Path.Combine(_directory, "orchestrator.log"), Settings(endpoint));

    private IReadOnlyDictionary<string, string> Settings(IReadOnlyDictionary<string, string> endpoint)
    {
        var settings = new Dictionary<string, string>(SiloPorts.Environment())
        {
            ["AgentLink__Port"] = _linkPort.ToString(CultureInfo.InvariantCulture),
            ["Store__Kind"] = "Memory",
            ["Auth__ApiKeys__0__Name"] = "hosting-test",
            ["Auth__ApiKeys__0__Key"] = AdminKey,
            ["Auth__ApiKeys__0__Role"] = "admin",
            ["Agents__Credentials__osaka-01"] = SiteCredential,
        };
        foreach (var (key, value) in endpoint)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<bool> Healthy(HttpClient api)
    {
        try
        {
            using var response = await api.GetAsync("/healthz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task RegisterSiteAsync(HttpClient api)
    {
        (await api.PutAsJsonAsync("/api/cities/osaka", new { name = "Osaka", latitude = 34.69, longitude = 135.50 }).Within("PUT the city")).EnsureSuccessStatusCode();
        var site = new { name = "Osaka 01", cityId = "osaka", latitude = 34.70, longitude = 135.50, cells = new[] { new { id = "cell-1", capabilities = new[] { "cnc" } } } };
        (await api.PutAsJsonAsync("/api/sites/osaka-01", site).Within("PUT the site")).EnsureSuccessStatusCode();
    }

    private static AgentMessage Hello() => new()
    {
        Hello = new Hello
        {
            SiteId = "osaka-01",
            AgentVersion = "hosting-test",
            Cells = { new CellInfo { CellId = "cell-1", Capabilities = { "cnc" }, State = CellState.Idle } },
        },
    };

    private static async Task<(LinkNotice? Notice, Status Ended)> ReadUntilEndAsync(AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> call)
    {
        LinkNotice? notice = null;
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                notice = call.ResponseStream.Current.Notice ?? notice;
            }

            return (notice, call.GetStatus());
        }
        catch (RpcException ended)
        {
            return (notice, ended.Status);
        }
        finally
        {
            call.Dispose();
        }
    }
}
