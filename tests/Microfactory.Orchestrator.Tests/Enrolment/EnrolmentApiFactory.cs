using Grpc.Net.Client;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Orchestrator.Tests.Enrolment;

/// <summary>The orchestrator in process on a clock the test moves, with one registered site, and its gRPC services over the test server.</summary>
public sealed class EnrolmentApiFactory : ApiFactory, IAsyncLifetime
{
    public const string SiteId = "kobe-01";

    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>A channel to the gRPC services (Enrolment, AgentLink) through the in-memory test server.</summary>
    public GrpcChannel Channel() => GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    public async Task InitializeAsync()
    {
        var seed = new Seed(this);
        await seed.CityAsync("kobe", 34.69, 135.19);
        await seed.SiteAsync(SiteId, "kobe", 34.69, 135.19, ["cnc"]);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
