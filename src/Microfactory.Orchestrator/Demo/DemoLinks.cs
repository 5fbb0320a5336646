using Microfactory.Orchestrator.AgentLink;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Demo;

public sealed record DemoLink(string Name, string Url, string? Note);

/// <summary>
/// Where to look while the demo runs. A link is listed only when the app maps its route, so the web console, the
/// interactive API reference and the dashboard appear here as soon as they exist; add a page by adding a row.
/// </summary>
public sealed class DemoLinks(IServer server, EndpointDataSource endpoints, IOptions<AgentLinkOptions> agentLink)
{
    private static readonly (string Name, string Route, string Path, string? Note)[] Candidates =
    [
        ("Console", "/", "/", "sign in with the planner or admin key"),
        ("API", "/api", "/api", "Authorization: Bearer <key>"),
        ("API reference", "/scalar", "/scalar/v1", null),
        ("OpenAPI", "/openapi", "/openapi/v1.json", null),
        ("Dashboard", "/dashboard", "/dashboard", null),
        ("Health", "/healthz", "/healthz", "and /readyz"),
    ];

    /// <summary>The API's own address (not the agent link's).</summary>
    public string BaseUrl
    {
        get
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var api = addresses.FirstOrDefault(a => Uri.TryCreate(a, UriKind.Absolute, out var u) && u.Port != agentLink.Value.Port)
                ?? addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
            return api.TrimEnd('/');
        }
    }

    public IReadOnlyList<DemoLink> All()
    {
        var routes = endpoints.Endpoints.OfType<RouteEndpoint>().Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/')).ToHashSet(StringComparer.Ordinal);
        var baseUrl = BaseUrl;
        return Candidates
            .Where(c => routes.Any(r => r == c.Route || (c.Route != "/" && r.StartsWith(c.Route + "/", StringComparison.Ordinal))))
            .Select(c => new DemoLink(c.Name, baseUrl + c.Path, c.Note))
            .ToList();
    }
}
