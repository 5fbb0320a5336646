using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microfactory.Contracts.Agent.V1;
using Grpc.Core;
using Grpc.Net.Client;
using AgentLinkClient = Microfactory.Contracts.Agent.V1.AgentLink.AgentLinkClient;
using Microfactory.Orchestrator.AgentLink;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.Designs;

/// <summary>AgentLink.DownloadArtifact over a real HTTP/2 socket: chunked, resumable, authenticated, with clear errors.</summary>
public sealed class ArtifactDownloadTests : IAsyncLifetime
{
    private const string Credential = "osaka-01-credential-0123456789abcdef";

    private readonly CapturingLoggerProvider _logs = new();
    private RealOrchestrator _node = null!;
    private GrpcChannel _channel = null!;
    private byte[] _bundle = null!;
    private string _sha = null!;

    public async Task InitializeAsync()
    {
        _node = await RealOrchestrator.StartAsync(new Dictionary<string, string> { ["osaka-01"] = Credential }, services: s => s.AddSingleton<ILoggerProvider>(_logs));
        await _node.SeedAsync("osaka-01");
        _bundle = RandomNumberGenerator.GetBytes(1_000_000);
        _sha = await UploadAsync(_node, _bundle);
        _channel = GrpcChannel.ForAddress(_node.AgentLink);
    }

    private static async Task<string> UploadAsync(RealOrchestrator node, byte[] bundle)
    {
        var sha = DesignBundleUploadTests.Sha(bundle);
        using var content = new ByteArrayContent(bundle);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/designs/bracket/versions/1.0.0/bundle") { Content = content };
        request.Headers.Add("X-Content-SHA256", sha);
        using var response = await node.Admin.SendAsync(request).Within("upload the bundle");
        response.EnsureSuccessStatusCode();
        return sha;
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task A_site_downloads_the_whole_bundle_in_chunks_well_under_the_message_limit()
    {
        var chunks = await DownloadAsync(new ArtifactRequest { ArtifactId = _sha }, Credential);

        Assert.All(chunks, c => Assert.InRange(c.Data.Length, 1, 256 * 1024));
        Assert.All(chunks, c => Assert.Equal((ulong)_bundle.Length, c.TotalSize));
        Assert.Equal(_bundle, chunks.SelectMany(c => c.Data.ToByteArray()).ToArray());
        var expected = 0UL;
        foreach (var chunk in chunks)
        {
            Assert.Equal(expected, chunk.Offset);
            expected += (ulong)chunk.Data.Length;
        }
    }

    [Fact]
    public async Task A_broken_download_resumes_from_its_offset()
    {
        const int offset = 654_321;
        var chunks = await DownloadAsync(new ArtifactRequest { ArtifactId = _sha, Offset = offset }, Credential);

        Assert.Equal((ulong)offset, chunks[0].Offset);
        Assert.Equal(_bundle[offset..], chunks.SelectMany(c => c.Data.ToByteArray()).ToArray());
    }

    [Fact]
    public async Task From_a_local_directory_store_a_resumed_download_starts_at_the_right_byte()
    {
        var directory = Directory.CreateTempSubdirectory("mf-artifacts-");
        try
        {
            await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string> { ["osaka-01"] = Credential }, directory.FullName);
            await node.SeedAsync("osaka-01");
            var sha = await UploadAsync(node, _bundle);
            using var channel = GrpcChannel.ForAddress(node.AgentLink);

            var chunks = await DownloadAsync(channel, new ArtifactRequest { ArtifactId = sha, Offset = 300_001 }, Credential);

            Assert.Equal(_bundle[300_001..], chunks.SelectMany(c => c.Data.ToByteArray()).ToArray());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bad_requests_end_with_a_status_that_says_what_is_wrong()
    {
        var unknown = new string('a', 64);
        await AssertStatusAsync(new ArtifactRequest { ArtifactId = unknown }, Credential, StatusCode.NotFound, unknown);
        await AssertStatusAsync(new ArtifactRequest { ArtifactId = "bracket@1.0.0" }, Credential, StatusCode.InvalidArgument, "SHA-256");
        await AssertStatusAsync(new ArtifactRequest { ArtifactId = _sha, Offset = (ulong)_bundle.Length + 1 }, Credential, StatusCode.OutOfRange, "beyond");
        await AssertStatusAsync(new ArtifactRequest { ArtifactId = _sha }, "not-a-site-credential-at-all-0123", StatusCode.Unauthenticated, "Unknown site credential");
        await AssertStatusAsync(new ArtifactRequest { ArtifactId = _sha }, null, StatusCode.Unauthenticated, "A site credential is required");
    }

    [Fact]
    public async Task A_site_credential_is_not_taken_for_a_failed_api_sign_in()
    {
        await DownloadAsync(new ArtifactRequest { ArtifactId = _sha }, Credential);

        // The API's key scheme must not judge agent calls: each connect would log a sign-in failure ops read as an attack.
        Assert.DoesNotContain(_logs.Entries, e => e.Contains("Unknown API key", StringComparison.Ordinal) || e.Contains("was not authenticated", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Contains(Credential, StringComparison.Ordinal));
    }

    private async Task AssertStatusAsync(ArtifactRequest request, string? credential, StatusCode code, string says)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => DownloadAsync(request, credential));
        Assert.Equal(code, error.StatusCode);
        Assert.Contains(says, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    private Task<List<ArtifactChunk>> DownloadAsync(ArtifactRequest request, string? credential) => DownloadAsync(_channel, request, credential);

    private static async Task<List<ArtifactChunk>> DownloadAsync(GrpcChannel channel, ArtifactRequest request, string? credential)
    {
        var headers = credential is null ? new Metadata() : new Metadata { { "authorization", $"Bearer {credential}" } };
        using var call = new AgentLinkClient(channel).DownloadArtifact(request, headers, DateTime.UtcNow.AddSeconds(30));
        var chunks = new List<ArtifactChunk>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).Within("the next chunk"))
        {
            chunks.Add(call.ResponseStream.Current);
        }

        return chunks;
    }
}
