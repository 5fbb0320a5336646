using Microfactory.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microfactory.Grains;

public static class GrainServiceCollectionExtensions
{
    /// <summary>Adds the grain host; <paramref name="register"/> names the grains this node hosts. Grain state goes to the registered IStateStore, by default one blob per grain in the IBlobStore.</summary>
    public static IServiceCollection AddGrainHost(this IServiceCollection services, Action<GrainRegistry> register)
    {
        var registry = new GrainRegistry();
        register(registry);
        services.AddSingleton(registry);
        services.AddOptions<GrainHostOptions>().BindConfiguration(GrainHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStateStore>(sp => new BlobStateStore(sp.GetRequiredService<IBlobStore>()));
        services.AddSingleton<GrainHost>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainHost>());
        return services;
    }
}
