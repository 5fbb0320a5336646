using Orleans;
using Microfactory.Network.Cells;
using Microfactory.Network.Cities;
using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Kpis;
using Microfactory.Network.Directory.Cluster;
using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Planning.Live;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microfactory.Network;

public static class NetworkServiceCollectionExtensions
{
    /// <summary>
    /// The network's services beside its grains (routing, read models, edges); the silo hosts the grains.
    /// <paramref name="backgroundWork"/> false leaves out what runs on its own (directory loading, recovery, liveness,
    /// rollouts, gauges), for tests that drive those steps themselves.
    /// </summary>
    public static IServiceCollection AddMicrofactoryNetwork(this IServiceCollection services, bool backgroundWork = true)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RoutingWeights>().BindConfiguration("Routing:Weights").Validate(w =>
        {
            w.Validate();
            return true;
        }).ValidateOnStart();
        services.AddSingleton(sp => new RoutingIndex(new RoutingOptions { Weights = sp.GetRequiredService<IOptions<RoutingWeights>>().Value }));
        services.AddSingleton<NetworkDirectory>();
        services.AddSingleton<SiteLink>();
        services.AddSingleton<IDesignDelivery, SiteDesignDelivery>();
        services.AddSingleton<SiteSessions>();
        services.AddSingleton<OrderRouter>();
        services.AddSingleton<DirectoryLoader>();
        services.AddOptions<KpiOptions>().BindConfiguration(KpiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RolloutOptions>().BindConfiguration(RolloutOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StartupWake>();
        services.AddNetworkPlanning(backgroundWork);
        if (backgroundWork)
        {
            services.AddHostedService<NetworkGauges>();
            // The feed before the loader: it subscribes to the other silos' changes before the loader scans the store.
            services.AddSingleton<ClusterDirectoryFeed>();
            services.AddHostedService(sp => sp.GetRequiredService<ClusterDirectoryFeed>());
            services.AddHostedService(sp => sp.GetRequiredService<DirectoryLoader>());
            services.AddHostedService(sp => sp.GetRequiredService<StartupWake>());
        }

        return services;
    }
}
