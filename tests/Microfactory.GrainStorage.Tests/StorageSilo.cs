using Microfactory.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Storage;
using Microfactory.GrainStorage;

namespace Microfactory.GrainStorage.Tests;

/// <summary>
/// A real one-silo Orleans host with one grain storage provider wired exactly as the orchestrator wires it; the
/// tests use the provider Orleans resolves. Disposing it and starting another over the same store is a restart.
/// </summary>
public sealed class StorageSilo : IAsyncDisposable
{
    public const string ProviderName = "grains";

    private readonly IHost _host;

    private StorageSilo(IHost host) => _host = host;

    public IGrainStorage Storage => _host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderName);

    public IGrainStateScanner Scanner => _host.Services.GetRequiredService<IGrainStateScanner>();

    public static async Task<StorageSilo> StartAsync(Action<ISiloBuilder> addStorage)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreeTcpPort.Next(), FreeTcpPort.Next(), serviceId: "grain-storage-tests", clusterId: "grain-storage-tests");
            addStorage(silo);
        });
        var host = builder.Build();
        await host.StartAsync().Within("the silo to start");
        return new StorageSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().Within("the silo to stop");
        _host.Dispose();
    }
}
