using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Microfactory.Orchestrator.Hosting;

/// <summary>
/// Ready only once this silo is an active member of the cluster: before that (joining) and after (shutting down) a
/// load balancer must not send it requests or agent streams, which it would have to forward or refuse.
/// </summary>
public sealed class SiloJoinedHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    public HealthCheckResult Check()
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return status == SiloStatus.Active
            ? HealthCheckResult.Healthy("The silo is an active member of the cluster.")
            : HealthCheckResult.Unhealthy($"The silo is not an active member of the cluster yet (membership status {status}).");
    }
}
