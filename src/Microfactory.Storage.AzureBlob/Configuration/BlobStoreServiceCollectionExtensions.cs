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
    /// start-up log line saying whether the store is usable and why not. Grain state goes where <c>Store:GrainState</c> says.
    /// </summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services, string section = StoreOptions.Section)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        services.TryAddSingleton(sp => BlobStoreFactory.Create(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value, loggerFactory: sp.GetService<ILoggerFactory>()));
        services.Replace(ServiceDescriptor.Singleton<IStateStore>(sp => BlobStoreFactory.CreateStateStore(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value, sp.GetRequiredService<IBlobStore>())));
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

/// <summary>
/// Ready when the store proves it is usable and, with the journal, when this node has read the grain-state log to its
/// end; otherwise unhealthy with the reason.
/// </summary>
public sealed class BlobStoreHealthCheck(IBlobStore store, IStateStore states) : IHealthCheck
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

        if (states is Journal.JournaledStateStore journal)
        {
            try
            {
                await journal.SyncAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"The grain state journal cannot be read to its end: {e.Message}", e);
            }

            return HealthCheckResult.Healthy($"{store.GetType().Name} is ready; the grain state journal is read to segment {journal.Segment}.");
        }

        return HealthCheckResult.Healthy($"{store.GetType().Name} is ready.");
    }
}
