using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.Storage.Configuration;

public static class BlobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IBlobStore"/> chosen by the <c>Store</c> configuration section, validated at start-up
    /// (a bad setting stops the host with a message naming it), a "store" readiness health check (tag "ready"), and a
    /// start-up log line saying whether the store is usable and why not. Grain state is one blob per grain.
    /// </summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services, string section = StoreOptions.Section)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        services.TryAddSingleton(sp => BlobStoreFactory.Create(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value, loggerFactory: sp.GetService<ILoggerFactory>()));
        services.AddHealthChecks().AddCheck<BlobStoreHealthCheck>("store", tags: ["ready"]);
        services.AddHostedService<BlobStoreStartupCheck>();
        return services;
    }

    private sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, StoreOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}

/// <summary>Ready when the store proves it is usable; otherwise unhealthy with the reason.</summary>
public sealed class BlobStoreHealthCheck(IBlobStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.CheckReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            return HealthCheckResult.Unhealthy(e.Message, e);
        }

        return HealthCheckResult.Healthy($"{store.GetType().Name} is ready.");
    }
}
