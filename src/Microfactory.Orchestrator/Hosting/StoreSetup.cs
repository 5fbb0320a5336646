using Azure.Identity;
using Microfactory.Storage;
using Microfactory.Storage.AzureBlob;
using Microfactory.Storage.LocalDirectory;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Hosting;

public static class StoreSetup
{
    /// <summary>Registers the IBlobStore that configuration names; a configuration that cannot work fails at start and says why.</summary>
    public static IServiceCollection AddConfiguredStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section)
            .Validate(o => o.Kind != StoreKind.AzureBlob || (o.ConnectionString is null) != (o.AccountUrl is null),
                "Store:Kind is AzureBlob: set exactly one of Store:ConnectionString or Store:AccountUrl.")
            .Validate(o => o.Kind != StoreKind.LocalDirectory || !string.IsNullOrWhiteSpace(o.Directory),
                "Store:Kind is LocalDirectory: Store:Directory must name a directory.")
            .ValidateOnStart();
        services.AddSingleton<IBlobStore>(sp => Create(sp.GetRequiredService<IOptions<StoreOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    public static IBlobStore Create(StoreOptions options, ILoggerFactory loggers) => options.Kind switch
    {
        StoreKind.Memory => new InMemoryBlobStore(),
        StoreKind.LocalDirectory => new LocalDirectoryBlobStore(Path.GetFullPath(options.Directory)),
        StoreKind.AzureBlob when options.ConnectionString is { } cs =>
            AzureBlobStore.FromConnectionString(cs, new AzureBlobStoreOptions { Container = options.Container }, loggers.CreateLogger<AzureBlobStore>()),
        StoreKind.AzureBlob => AzureBlobStore.FromAccountUrl(options.AccountUrl!, new DefaultAzureCredential(),
            new AzureBlobStoreOptions { Container = options.Container }, loggers.CreateLogger<AzureBlobStore>()),
        _ => throw new InvalidOperationException($"Store:Kind '{options.Kind}' is not one of Memory, LocalDirectory, AzureBlob."),
    };

    /// <summary>Where the store is, for start-up messages: never the connection string, which holds the key.</summary>
    public static string Describe(StoreOptions options) => options.Kind switch
    {
        StoreKind.Memory => "in memory (lost on exit)",
        StoreKind.LocalDirectory => $"local directory {Path.GetFullPath(options.Directory)}",
        StoreKind.AzureBlob when options.AccountUrl is { } url => $"Azure Blob {url} container {options.Container} (Entra token)",
        _ => $"Azure Blob container {options.Container} (Shared Key from the connection string)",
    };
}
