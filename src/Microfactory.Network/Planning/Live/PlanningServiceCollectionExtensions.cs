using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Network.Planning.Live;

public static class PlanningServiceCollectionExtensions
{
    /// <summary>Planning on the live network: snapshots, stored plans, applying them, and finishing interrupted ones.</summary>
    public static IServiceCollection AddNetworkPlanning(this IServiceCollection services, bool backgroundWork = true)
    {
        services.AddOptions<PlanningOptions>().BindConfiguration(PlanningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveSnapshotBuilder>();
        services.AddSingleton<PlanningService>();
        services.AddSingleton<PlanRecoveryService>();
        if (backgroundWork)
        {
            services.AddHostedService(sp => sp.GetRequiredService<PlanRecoveryService>());
        }

        return services;
    }
}
