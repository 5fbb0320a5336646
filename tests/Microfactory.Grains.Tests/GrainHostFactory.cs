using Microfactory.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Grains.Tests;

internal static class GrainHostFactory
{
    public static (GrainHost Host, ServiceProvider Services) Create(IBlobStore store, TimeProvider? time = null, Action<GrainHostOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(store);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddGrainHost(r => r.Add<ICounterGrain, CounterGrain>().Add<IPingGrain, PingGrain>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<GrainHost>(), provider);
    }
}
