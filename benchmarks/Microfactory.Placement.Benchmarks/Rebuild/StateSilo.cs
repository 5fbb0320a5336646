using Azure.Storage.Blobs;
using Microfactory.GrainStorage;
using Microfactory.Network;
using Microfactory.Storage.LocalDirectory;
using Microfactory.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Storage;

namespace Microfactory.Placement.Benchmarks.Rebuild;

/// <summary>Where the grain states of a rebuild run live: the file provider's directory or Orleans' Azure Blob provider's container.</summary>
internal sealed record StateLocation(string Kind, string Where)
{
    public const string File = "file";
    public const string AzureBlob = "azureblob";
    public const string Container = "grainstate";

    public string Describe => Kind == File ? "file provider (local directory)" : "Orleans Azure Blob on Azurite";
}

/// <summary>
/// One Orleans silo with the network's services and grain storage "grains" wired as the orchestrator wires it
/// (SiloSetup): the provider the benchmark writes states through, and the scanner and DirectoryLoader it rebuilds with.
/// </summary>
internal sealed class StateSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private StateSilo(IHost host) => _host = host;

    public IGrainStorage Storage => _host.Services.GetRequiredKeyedService<IGrainStorage>(NetworkStorage.Name);

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<StateSilo> StartAsync(StateLocation location)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Errors only: on a loaded machine Orleans' watchdog warnings would bury the figures.
        builder.Logging.AddFilter(level => level >= LogLevel.Error).AddConsole();
        builder.Services.AddMicrofactoryNetwork(backgroundWork: false);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreeTcpPort.Next(), FreeTcpPort.Next());
            silo.UseInMemoryReminderService();
            if (location.Kind == StateLocation.File)
            {
                // Not durable: fsync per state only slows filling the directory, and reads are the same either way.
                var store = new LocalDirectoryBlobStore(location.Where, new LocalDirectoryStoreOptions { DurableWrites = false });
                silo.AddBlobStoreGrainStorage(NetworkStorage.Name, _ => store, $"local directory {location.Where}");
            }
            else
            {
                // A long timeout: 64 writers queue behind Azurite's one thread, and a timed-out create is retried as a 409.
                var client = new BlobServiceClient(location.Where, new BlobClientOptions { Retry = { NetworkTimeout = TimeSpan.FromMinutes(2) } });
                silo.AddAzureBlobGrainStorageWithScan(NetworkStorage.Name, _ => client, StateLocation.Container);
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return new StateSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
