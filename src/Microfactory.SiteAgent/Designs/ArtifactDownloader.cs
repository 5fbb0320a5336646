using System.Security.Cryptography;
using Grpc.Core;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Designs;

/// <summary>
/// One DownloadArtifact call into a part file: resumes from the bytes the file already holds, appends chunk by
/// chunk (memory stays at one chunk however big the bundle) and hashes as it writes. Each call has a deadline: a
/// stalled download ends DEADLINE_EXCEEDED and the next attempt resumes from what arrived.
/// </summary>
internal sealed class ArtifactDownloader(V1.AgentLink.AgentLinkClient client, Func<string> credential, TimeSpan deadline)
{
    private const int ReadBuffer = 81920;

    /// <summary>Downloads the rest of the bundle into <paramref name="partPath"/> and returns the SHA-256 (lowercase hex) of the whole file.</summary>
    /// <exception cref="RpcException">The stream broke or was refused; the part file keeps what arrived.</exception>
    /// <exception cref="InvalidDataException">The orchestrator sent something other than the announced bundle (size or offsets).</exception>
    public async Task<string> DownloadAsync(string artifactId, ulong size, string partPath, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(partPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, ReadBuffer, FileOptions.Asynchronous);
        await HashExistingAsync(file, hash, cancellationToken).ConfigureAwait(false);
        var offset = (ulong)file.Length;
        if (offset > size)
        {
            throw new InvalidDataException($"The partial download holds {offset} bytes, more than the announced {size}.");
        }

        if (offset < size)
        {
            var headers = new Metadata { { "authorization", $"Bearer {credential()}" } };
            var request = new V1.ArtifactRequest { ArtifactId = artifactId, Offset = offset };
            // gRPC deadlines are wall-clock instants sent to the server as grpc-timeout, hence DateTime.UtcNow and not the agent's TimeProvider.
            using var call = client.DownloadArtifact(request, headers, DateTime.UtcNow + deadline, cancellationToken);
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var chunk = call.ResponseStream.Current;
                if (chunk.TotalSize != size)
                {
                    throw new InvalidDataException($"The orchestrator serves {chunk.TotalSize} bytes for artifact {artifactId}; the update announced {size}.");
                }

                if (chunk.Offset != offset || offset + (ulong)chunk.Data.Length > size)
                {
                    throw new InvalidDataException($"Artifact {artifactId}: a chunk at offset {chunk.Offset} with {chunk.Data.Length} bytes arrived when {offset} of {size} bytes were held.");
                }

                var data = chunk.Data.Memory;
                await file.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                hash.AppendData(data.Span);
                offset += (ulong)data.Length;
            }

            if (offset != size)
            {
                throw new InvalidDataException($"Artifact {artifactId} ended at {offset} of {size} bytes.");
            }

            // Installing renames this file; its bytes must be on disk first.
            file.Flush(flushToDisk: true);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task HashExistingAsync(FileStream file, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReadBuffer];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }
}
