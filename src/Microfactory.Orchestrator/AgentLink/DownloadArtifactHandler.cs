using Google.Protobuf;
using Microfactory.Contracts.Agent.V1;
using Grpc.Core;
using Microfactory.Orchestrator.Designs;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>
/// AgentLink.DownloadArtifact: streams a design bundle from the store in fixed-size chunks, from the requested
/// offset so a broken download resumes. Any registered site credential (checked by the interceptor) may download any
/// stored bundle: bundles are addressed by their SHA-256, which a site learns from the DesignUpdate it was sent.
/// </summary>
public sealed partial class DownloadArtifactHandler(
    ArtifactStore artifacts, IOptions<DesignBundleOptions> options, ILogger<DownloadArtifactHandler> logger)
{
    public async Task HandleAsync(ArtifactRequest request, IServerStreamWriter<ArtifactChunk> responses, ServerCallContext context)
    {
        var site = SiteCredentialInterceptor.SiteOf(context);
        if (!ArtifactIds.IsSha256(request.ArtifactId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"artifact_id '{request.ArtifactId}' is not a SHA-256 in lowercase hex (64 characters)."));
        }

        var cancellation = context.CancellationToken;
        var size = await artifacts.SizeOfAsync(request.ArtifactId, cancellation)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Artifact {request.ArtifactId} does not exist."));
        if (request.Offset > (ulong)size)
        {
            throw new RpcException(new Status(StatusCode.OutOfRange, $"offset {request.Offset} is beyond the artifact's {size} bytes."));
        }

        await using var body = await artifacts.OpenAsync(request.ArtifactId, cancellation)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Artifact {request.ArtifactId} does not exist."));
        var offset = (long)request.Offset;
        await SkipAsync(body, offset, cancellation);
        LogDownload(site, request.ArtifactId, offset, size);

        var buffer = new byte[options.Value.ChunkBytes];
        while (offset < size)
        {
            var filled = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellation);
            if (filled == 0)
            {
                throw new RpcException(new Status(StatusCode.DataLoss, $"Artifact {request.ArtifactId} ended at {offset} of {size} bytes in the store."));
            }

            await responses.WriteAsync(new ArtifactChunk
            {
                Offset = (ulong)offset,
                Data = ByteString.CopyFrom(buffer, 0, filled),
                TotalSize = (ulong)size,
            }, cancellation);
            offset += filled;
        }
    }

    // Seek when the backend allows it (local files); otherwise read and drop what the agent already has.
    private static async Task SkipAsync(Stream body, long offset, CancellationToken cancellation)
    {
        if (offset == 0)
        {
            return;
        }

        if (body.CanSeek)
        {
            body.Seek(offset, SeekOrigin.Begin);
            return;
        }

        var scratch = new byte[64 * 1024];
        while (offset > 0)
        {
            var n = await body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, offset)), cancellation);
            if (n == 0)
            {
                return;
            }

            offset -= n;
        }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Site {SiteId} downloads artifact {ArtifactId} from offset {Offset} of {Size} bytes")]
    private partial void LogDownload(string siteId, string artifactId, long offset, long size);
}
