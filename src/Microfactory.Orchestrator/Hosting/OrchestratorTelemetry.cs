using Microfactory.Network;
using Microfactory.Orchestrator.AgentLink;
using Microfactory.SiteAgent.Hosting;

namespace Microfactory.Orchestrator.Hosting;

/// <summary>
/// The project's own sources and meters the orchestrator exports when an OTLP endpoint is configured, beside the
/// ASP.NET Core, HttpClient, gRPC client and runtime instrumentation (docs/deployment.md lists the instruments).
/// </summary>
internal static class OrchestratorTelemetry
{
    public static readonly string[] Sources =
    [
        // Orleans' grain calls (AddActivityPropagation): an order's trace continues through grains on any silo.
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Application",
        LinkTracing.Name,
        NetworkDiagnostics.RoutingName,
        NetworkDiagnostics.NetworkName,

        // The --demo runs its site agents in this process: their job spans complete the demo's order traces.
        AgentDiagnostics.Name,
    ];

    public static readonly string[] Meters =
    [
        "Microsoft.Orleans",
        NetworkDiagnostics.RoutingName,
        NetworkDiagnostics.NetworkName,
        AgentDiagnostics.Name,
    ];
}
