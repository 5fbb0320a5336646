using System.Buffers;
using System.Security;
using System.Text;
using Azure.Core;

namespace Microfactory.Storage.AzureBlob;

/// <summary>
/// Streams an upload into a block blob block by block (Put Block, a few in flight), then commits the list with the
/// write's condition (Put Block List), so memory holds a few blocks whatever the size. Content that fits one block goes up in a
/// single Put Blob. Block ids carry a per-upload prefix, so two uploads racing on one blob never mix their blocks;
/// the loser's uncommitted blocks are discarded by Azure.
/// </summary>
internal sealed class BlockUploader(AzureBlobStore store, string key, WriteCondition condition, int blockSize, int parallelism)
{
    // Azure's limit on blocks in one blob.
    private const int MaxBlocks = 50_000;

    private readonly string _uploadId = Guid.NewGuid().ToString("N")[..16];

    public async Task<string> UploadAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        var filled = await FillOrReturnAsync(content, buffer, cancellationToken).ConfigureAwait(false);
        if (filled < blockSize)
        {
            try
            {
                return await store.PutBlobAsync(key, buffer.AsMemory(0, filled), condition, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        // Up to `parallelism` blocks travel at once (plus the one being filled): memory stays bounded, while a
        // high-latency link to Azure is kept busy.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new List<Task>();
        var blockIds = new List<string>();
        try
        {
            while (filled > 0)
            {
                if (blockIds.Count == MaxBlocks)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw new InvalidOperationException(
                        $"Upload to '{key}' exceeds {MaxBlocks} blocks of {blockSize} bytes; raise {nameof(AzureBlobStoreOptions.BlockSize)}.");
                }

                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_uploadId}-{blockIds.Count:D6}"));
                blockIds.Add(blockId);
                inFlight.Add(PutBlockAndReturnBufferAsync(blockId, buffer, filled, failed));
                if (inFlight.Count >= parallelism)
                {
                    var done = await Task.WhenAny(inFlight).ConfigureAwait(false);
                    inFlight.Remove(done);
                    await done.ConfigureAwait(false);
                }

                buffer = ArrayPool<byte>.Shared.Rent(blockSize);
                filled = await FillOrReturnAsync(content, buffer, failed.Token).ConfigureAwait(false);
            }

            ArrayPool<byte>.Shared.Return(buffer);
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            // Let the other blocks finish failing before their buffers go back to the pool; the first error is the one to report.
            await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            throw;
        }

        return await PutBlockListAsync(blockIds, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutBlockAndReturnBufferAsync(string blockId, byte[] buffer, int length, CancellationTokenSource failed)
    {
        try
        {
            await PutBlockAsync(blockId, buffer.AsMemory(0, length), failed.Token).ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<int> FillOrReturnAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < blockSize)
        {
            var n = await content.ReadAsync(buffer.AsMemory(filled, blockSize - filled), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        return filled;
    }

    private Task<bool> PutBlockAsync(string blockId, ReadOnlyMemory<byte> block, CancellationToken cancellationToken) =>
        store.SendWriteAsync(
            () =>
            {
                var message = store.Http.Create(RequestMethod.Put, key, ("comp", "block"), ("blockid", blockId));
                message.Request.Content = RequestContent.Create(block);
                return message;
            },
            201, _ => true, response => BlobErrors.For(response, $"upload a block of '{key}'", key), cancellationToken);

    private Task<string> PutBlockListAsync(List<string> blockIds, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(SecurityElement.Escape(id)).Append("</Latest>");
        }

        var body = Encoding.UTF8.GetBytes(xml.Append("</BlockList>").ToString());
        return store.SendWriteAsync(
            () =>
            {
                var message = store.Http.Create(RequestMethod.Put, key, ("comp", "blocklist"));
                AzureBlobStore.AddCondition(message.Request, condition);
                message.Request.Content = RequestContent.Create(body);
                return message;
            },
            201, AzureBlobStore.ETagOf, response => AzureBlobStore.WriteFailure(response, key, condition), cancellationToken);
    }
}
