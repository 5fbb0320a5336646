using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microfactory.Contracts.Agent.V1;
using Grpc.Core;
using Grpc.Net.Client;
using AgentLinkClient = Microfactory.Contracts.Agent.V1.AgentLink.AgentLinkClient;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.Designs;

/// <summary>
/// A 100 MB bundle goes up through the API and down over DownloadArtifact without ever sitting whole in the
/// orchestrator's memory. Measured as the live heap (what survives a full compacting collection) sampled every 8 MiB
/// of the transfer, against the live heap before it: a server that buffered the bundle would hold 100 MB of it.
/// </summary>
[Collection(MemoryMeasurements.Name)]
public sealed class LargeBundleMemoryTests
{
    private const string Credential = "osaka-01-credential-0123456789abcdef";
    private const long BundleBytes = 100L * 1024 * 1024;
    private const long SampleEvery = 8L * 1024 * 1024;
    private const long Bound = 32L * 1024 * 1024;

    [Fact]
    public async Task A_100_MB_bundle_streams_from_the_api_into_the_store_and_out_to_an_agent_with_bounded_memory()
    {
        var directory = Directory.CreateTempSubdirectory("mf-large-bundle-");
        try
        {
            await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string> { ["osaka-01"] = Credential }, directory.FullName);
            await node.SeedAsync("osaka-01");
            var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(new GeneratedStream(BundleBytes, _ => { })));

            var baseline = LiveHeap();
            var uploadPeak = baseline;
            using (var content = new StreamContent(new GeneratedStream(BundleBytes, _ => uploadPeak = Math.Max(uploadPeak, LiveHeap())), 64 * 1024))
            {
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var request = new HttpRequestMessage(HttpMethod.Put, "/api/designs/bracket/versions/1.0.0/bundle") { Content = content };
                request.Headers.Add("X-Content-SHA256", sha);
                using var response = await node.Admin.SendAsync(request).Within("the 100 MB upload", TimeSpan.FromMinutes(3));
                Assert.True(response.IsSuccessStatusCode, $"upload: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            var downloadPeak = LiveHeap();
            using var channel = GrpcChannel.ForAddress(node.AgentLink);
            using var call = new AgentLinkClient(channel).DownloadArtifact(new ArtifactRequest { ArtifactId = sha },
                new CallOptions(new Metadata { { "authorization", $"Bearer {Credential}" } }, DateTime.UtcNow.AddMinutes(3)));
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long received = 0, nextSample = SampleEvery;
            while (await call.ResponseStream.MoveNext(CancellationToken.None).Within("the next chunk", TimeSpan.FromMinutes(1)))
            {
                hash.AppendData(call.ResponseStream.Current.Data.Span);
                received += call.ResponseStream.Current.Data.Length;
                if (received >= nextSample)
                {
                    downloadPeak = Math.Max(downloadPeak, LiveHeap());
                    nextSample += SampleEvery;
                }
            }

            Assert.Equal(BundleBytes, received);
            Assert.Equal(sha, Convert.ToHexStringLower(hash.GetHashAndReset()));
            Assert.True(uploadPeak - baseline < Bound, $"upload: live heap grew {(uploadPeak - baseline) / 1024} KiB over {baseline / 1024} KiB (bound {Bound / 1024} KiB)");
            Assert.True(downloadPeak - baseline < Bound, $"download: live heap grew {(downloadPeak - baseline) / 1024} KiB over {baseline / 1024} KiB (bound {Bound / 1024} KiB)");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static long LiveHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    /// <summary>Deterministic bytes of a given length, generated as they are read; calls back every 8 MiB read.</summary>
    private sealed class GeneratedStream(long length, Action<long> sample) : Stream
    {
        private long _position;
        private long _nextSample = SampleEvery;
        private ulong _state = 0x9E3779B97F4A7C15;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++)
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                buffer[i] = (byte)_state;
            }

            _position += n;
            if (_position >= _nextSample)
            {
                sample(_position);
                _nextSample += SampleEvery;
            }

            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>
/// Tests that measure the test process's live heap run alone: any other test running beside them in the same process
/// (a silo, a burst of orders) would count against their bound.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    public const string Name = "Memory measurements";
}
