using Azure.Storage.Blobs;
using Microfactory.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Microfactory.GrainStorage;

/// <summary>Registers one grain storage provider with the <see cref="IGrainStateScanner"/> that reads its states back.</summary>
public static class GrainStorageSiloBuilderExtensions
{
    /// <summary>Grain state is JSON (System.Text.Json, <see cref="GrainStateJson"/>) whichever provider keeps it.</summary>
    public static ISiloBuilder UseGrainStateJson(this ISiloBuilder silo)
    {
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o => GrainStateJson.Configure(o.JsonSerializerOptions));
        return silo;
    }

    /// <summary>Grain state in the project's blob store (a local directory, or memory in tests), one JSON blob per grain.</summary>
    public static ISiloBuilder AddBlobStoreGrainStorage(this ISiloBuilder silo, string name, Func<IServiceProvider, IBlobStore> store, string source)
    {
        silo.UseGrainStateJson();
        silo.Services.AddGrainStorage(name, (sp, _) => new BlobGrainStorage(store(sp), sp.GetRequiredService<IGrainStorageSerializer>()));
        silo.Services.AddSingleton<IGrainStateScanner>(sp => new BlobStoreStateScanner(store(sp), JsonOf(sp), source));
        return silo;
    }

    /// <summary>
    /// Grain state in Azure Blob Storage through Orleans' own provider, in <paramref name="container"/>; the client is
    /// made when the silo starts, from settings validated by then.
    /// </summary>
    public static ISiloBuilder AddAzureBlobGrainStorageWithScan(this ISiloBuilder silo, string name, Func<IServiceProvider, BlobServiceClient> client, string container)
    {
        silo.UseGrainStateJson();
        silo.AddAzureBlobGrainStorage(name, (OptionsBuilder<AzureBlobStorageOptions> options) => options.Configure<IServiceProvider>((o, sp) =>
        {
            o.BlobServiceClient = client(sp);
            o.ContainerName = container;
            o.GrainStorageSerializer = sp.GetRequiredService<IGrainStorageSerializer>();
            o.BuildContainerFactory = (_, _) => new DeferredBlobContainerFactory(container);
        }));
        silo.Services.AddSingleton<IGrainStateScanner>(sp => new AzureBlobStateScanner(client(sp).GetBlobContainerClient(container), JsonOf(sp)));
        return silo;
    }

    /// <summary>Grain state in silo memory (Orleans' memory provider): unit tests, gone when the silos stop.</summary>
    public static ISiloBuilder AddMemoryGrainStorageWithScan(this ISiloBuilder silo, string name)
    {
        silo.UseGrainStateJson();
        silo.AddMemoryGrainStorage(name);
        silo.Services.AddSingleton<IGrainStateScanner, EmptyStateScanner>();
        return silo;
    }

    private static System.Text.Json.JsonSerializerOptions JsonOf(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SystemTextJsonGrainStorageSerializerOptions>>().Value.JsonSerializerOptions;
}
