using Microfactory.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Deployment.Tests;

/// <summary>The real orchestrator (in memory, on the test server) whose routes the probes and health checks must name.</summary>
public sealed class OrchestratorRoutes : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory = new WebApplicationFactory<Program>()
        .WithWebHostBuilder(web => web
            .UseSetting("Store:Kind", "Memory")
            .UseSetting("Orleans:Endpoints:SiloPort", FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Orleans:Endpoints:GatewayPort", FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture))
            // The orchestrator refuses to start without an API key; this one exists only in this process.
            .UseSetting("Auth:ApiKeys:0:Name", "deployment-tests")
            .UseSetting("Auth:ApiKeys:0:Key", Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)))
            .UseSetting("Auth:ApiKeys:0:Role", "planner"));

    public IReadOnlySet<string> Paths => _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
        .ToHashSet(StringComparer.Ordinal);

    public HttpClient CreateClient() => _factory.CreateClient();

    public void Dispose() => _factory.Dispose();
}
