using Microfactory.Grains;
using Microfactory.Network.Cells;
using Microfactory.Network.Cities;
using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Planning.Live;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microfactory.Network;

public static class NetworkServiceCollectionExtensions
{
    /// <summary>The network's grains, routing and edges on the grain host. Needs an IBlobStore.</summary>
    public static IServiceCollection AddMicrofactoryNetwork(this IServiceCollection services)
    {
        services.AddGrainHost(grains => grains
            .Add<ICityGrain, CityGrain>()
            .Add<ISiteGrain, SiteGrain>()
            .Add<ICellGrain, CellGrain>()
            .Add<IOrderGrain, OrderGrain>()
            .Add<IDesignGrain, DesignGrain>()
            .Add<IRolloutGrain, RolloutGrain>()
            .Add<IPlanGrain, PlanGrain>());

        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RoutingWeights>().BindConfiguration("Routing:Weights").Validate(w =>
        {
            w.Validate();
            return true;
        }).ValidateOnStart();
        services.AddSingleton(sp => new RoutingIndex(new RoutingOptions { Weights = sp.GetRequiredService<IOptions<RoutingWeights>>().Value }));
        services.AddSingleton<NetworkDirectory>();
        services.AddSingleton<SiteSignals>();
        services.AddSingleton<SiteLink>();
        services.AddSingleton<IDesignDelivery, SiteDesignDelivery>();
        services.AddSingleton<SiteSessions>();
        services.AddHostedService<NetworkGauges>();
        services.AddSingleton<SiteLivenessService>();
        services.AddHostedService(sp => sp.GetRequiredService<SiteLivenessService>());
        services.AddSingleton<OrderRouter>();
        services.AddSingleton<DirectoryLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<DirectoryLoader>());
        services.AddSingleton<OrderRecoveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderRecoveryService>());
        services.AddOptions<RolloutOptions>().BindConfiguration(RolloutOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RolloutTracker>();
        services.AddSingleton<RolloutDriver>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutDriver>());
        services.AddNetworkPlanning();
        return services;
    }
}
