using System.Text;
using Microfactory.Storage.LocalDirectory;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Microfactory.GrainStorage.Tests;

/// <summary>The embedded default: grain state as JSON files in a local directory, through the project's blob store.</summary>
public sealed class FileGrainStorageContractTests : GrainStorageContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mf-grain-files-" + Guid.NewGuid().ToString("N"));

    protected override void AddStorage(ISiloBuilder silo) =>
        silo.AddBlobStoreGrainStorage(StorageSilo.ProviderName, _ => new LocalDirectoryBlobStore(_directory), $"local directory {_directory}");

    protected override async Task<string?> ReadRawAsync(GrainId grainId)
    {
        var blob = await new LocalDirectoryBlobStore(_directory).GetAsync(GrainStateKeys.Of(GrainStateKeys.DefaultStateName, grainId));
        return blob is null ? null : Encoding.UTF8.GetString(blob.Content.Span);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
