using Microfactory.Grpc;
using Microfactory.Network;
using Microfactory.SiteAgent.Hosting;

namespace Microfactory.Orchestrator.Hosting;

/// <summary>What the orchestrator exports when an OTLP endpoint is configured (docs/deployment.md lists the instruments).</summary>
internal static class OrchestratorTelemetry
{
    public static readonly string[] Sources =
    [
        "Microsoft.AspNetCore",

        // Orleans' grain calls (AddActivityPropagation): an order's trace continues through grains on any silo.
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Application",
        GrpcDiagnostics.Name,
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
