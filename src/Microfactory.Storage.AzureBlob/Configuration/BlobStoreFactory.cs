using Azure.Core;
using Azure.Identity;
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
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        return options.Kind switch
        {
            StoreKind.Memory => new InMemoryBlobStore(),
            StoreKind.LocalDirectory => new LocalDirectoryBlobStore(options.Directory, new LocalDirectoryStoreOptions { DurableWrites = options.DurableWrites }),
            _ when options.ConnectionString is { } connectionString => AzureBlobStore.FromConnectionString(
                connectionString, new AzureBlobStoreOptions { Container = options.Container }, loggerFactory?.CreateLogger<AzureBlobStore>()),
            _ => AzureBlobStore.FromAccountUrl(
                options.AccountUrl!, credential ?? new DefaultAzureCredential(), new AzureBlobStoreOptions { Container = options.Container },
                loggerFactory?.CreateLogger<AzureBlobStore>()),
        };
    }
}
