using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Microfactory.GrainStorage;

/// <summary>
/// Scans the states Orleans' Azure Blob grain storage keeps: one blob per grain named
/// <c>{state name}-{grain type}/{key}.json</c> in its container. Listing is cheap (5,000 names a page); reading is
/// one GET per grain, so downloads run <see cref="Parallelism"/> at a time.
/// </summary>
public sealed class AzureBlobStateScanner(BlobContainerClient container, JsonSerializerOptions json, int parallelism = 32) : IGrainStateScanner
{
    public int Parallelism { get; } = parallelism;

    public string Source => $"Azure Blob container '{container.Name}' at {container.Uri.GetLeftPart(UriPartial.Authority)}";

    public async IAsyncEnumerable<(string Key, TState State)> ScanAsync<TState>(string grainType, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = $"{GrainStateKeys.DefaultStateName}-{grainType}/";
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield break; // nothing was ever stored
        }

        var names = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).Select(b => b.Name);
        await foreach (var item in ParallelStateReads.ReadAsync(names, Parallelism, (name, ct) => ReadAsync<TState>(prefix, name, ct), cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private async ValueTask<(string, TState)?> ReadAsync<TState>(string prefix, string name, CancellationToken cancellationToken)
    {
        if (GrainStateKeys.KeyOf(prefix, name) is not { } key)
        {
            return null;
        }

        BinaryData content;
        try
        {
            content = (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // cleared since it was listed
        }

        var state = content.ToObjectFromJson<TState>(json) ?? throw new InvalidDataException($"Stored state '{name}' is null.");
        return (key, state);
    }
}
