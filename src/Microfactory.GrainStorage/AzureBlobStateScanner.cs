using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Azure;
using Azure.Storage.Blobs;

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

    public async IAsyncEnumerable<(string Key, TState State)> ScanAsync<TState>(string grainType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = $"{GrainStateKeys.DefaultStateName}-{grainType}/";
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield break; // nothing was ever stored
        }

        var found = Channel.CreateBounded<(string, TState)>(Parallelism * 4);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAllAsync(prefix, found.Writer, stop.Token);
        try
        {
            await foreach (var item in found.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await reading.ConfigureAwait(false); // surfaces a failed download or listing
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // the caller stopped reading early
            }
        }
    }

    private async Task ReadAllAsync<TState>(string prefix, ChannelWriter<(string, TState)> found, CancellationToken cancellationToken)
    {
        try
        {
            var names = container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken).Select(b => b.Name);
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (name, ct) =>
            {
                if (GrainStateKeys.KeyOf(prefix, name) is not { } key)
                {
                    return;
                }

                BinaryData content;
                try
                {
                    content = (await container.GetBlobClient(name).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    return; // cleared since it was listed
                }

                var state = content.ToObjectFromJson<TState>(json) ?? throw new InvalidDataException($"Stored state '{name}' is null.");
                await found.WriteAsync((key, state), ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
            found.TryComplete();
        }
        catch (Exception e)
        {
            found.TryComplete(e);
            throw;
        }
    }
}
