using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microfactory.Storage.AzureBlob;
using Microfactory.Storage.LocalDirectory;
using Microsoft.Extensions.Logging;

namespace Microfactory.Storage.Configuration;

/// <summary>Makes the store backend that <see cref="StoreOptions"/> names.</summary>
public static class BlobStoreFactory
{
    /// <param name="credential">For an account URL; <see cref="DefaultAzureCredential"/> (managed identity, workload identity, CLI) when null.</param>
    public static IBlobStore Create(StoreOptions options, TokenCredential? credential = null, ILoggerFactory? loggerFactory = null)
    {
        ThrowIfUnusable(options);
        return options.Kind switch
        {
            StoreKind.Memory => new InMemoryBlobStore(),
            StoreKind.LocalDirectory => new LocalDirectoryBlobStore(options.Directory, new LocalDirectoryStoreOptions { DurableWrites = options.DurableWrites }),
            _ => new AzureBlobStore(Connect(options, credential), Tuning(options), loggerFactory?.CreateLogger<AzureBlobStore>()),
        };
    }

    /// <summary>
    /// The SDK client for the account that <see cref="StoreOptions"/> names (AzureBlob kind), with the store's retry and
    /// timeout settings: for other users of the same account, such as Orleans' Azure storage providers.
    /// </summary>
    public static BlobServiceClient CreateBlobServiceClient(StoreOptions options, TokenCredential? credential = null)
    {
        ThrowIfUnusable(options);
        if (options.Kind != StoreKind.AzureBlob)
        {
            throw new ArgumentException($"{StoreOptions.Section}:Kind is {options.Kind}, not AzureBlob: there is no storage account.", nameof(options));
        }

        return Connect(options, credential)(Tuning(options).ClientOptions());
    }

    private static void ThrowIfUnusable(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }

    private static AzureBlobStoreOptions Tuning(StoreOptions options) =>
        new() { Container = options.Container, NetworkTimeout = options.NetworkTimeout, MaxRetries = options.MaxRetries };

    private static Func<BlobClientOptions, BlobServiceClient> Connect(StoreOptions options, TokenCredential? credential)
    {
        if (options.ConnectionString is { } connectionString)
        {
            return client => new BlobServiceClient(connectionString, client);
        }

        var accountUrl = options.AccountUrl!;
        var identity = credential ?? new DefaultAzureCredential();
        return client => new BlobServiceClient(accountUrl, identity, client);
    }
}
