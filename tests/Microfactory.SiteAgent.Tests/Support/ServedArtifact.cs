using System.Security.Cryptography;

namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>
/// A bundle the <see cref="TestOrchestrator"/> serves on DownloadArtifact, produced piece by piece so a 100 MB one
/// is never held in memory; can break the stream part-way, and records the offsets asked for.
/// </summary>
internal sealed class ServedArtifact(long size, Action<long, Span<byte>> fill)
{
    private readonly Lock _gate = new();
    private readonly List<ulong> _offsets = [];

    public long Size { get; } = size;

    /// <summary>The next streams end with UNAVAILABLE once at least this many bytes of the bundle were sent.</summary>
    public long BreakAt { get; set; } = long.MaxValue;

    /// <summary>How many streams still break at <see cref="BreakAt"/>.</summary>
    public int BreaksLeft { get; set; }

    /// <summary>Called after each chunk is written, with the bundle offset reached (for sampling memory mid-transfer).</summary>
    public Action<long>? AfterChunk { get; set; }

    public IReadOnlyList<ulong> RequestedOffsets { get { lock (_gate) { return [.. _offsets]; } } }

    public static ServedArtifact FromBytes(byte[] bytes) => new(bytes.Length, (offset, span) => bytes.AsSpan((int)offset, span.Length).CopyTo(span));

    /// <summary>Deterministic pseudo-random bytes of any size, and their SHA-256 (computed by streaming them once).</summary>
    public static (ServedArtifact Artifact, string Sha256) Generated(long size)
    {
        var artifact = new ServedArtifact(size, Pattern);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (long offset = 0; offset < size; offset += buffer.Length)
        {
            var span = buffer.AsSpan(0, (int)Math.Min(buffer.Length, size - offset));
            Pattern(offset, span);
            hash.AppendData(span);
        }

        return (artifact, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Fill(long offset, Span<byte> into) => fill(offset, into);

    public void Requested(ulong offset)
    {
        lock (_gate)
        {
            _offsets.Add(offset);
        }
    }

    /// <summary>Whether this stream breaks now that <paramref name="sent"/> bytes went out (and uses up one break).</summary>
    public bool BreaksNow(long sent)
    {
        lock (_gate)
        {
            if (BreaksLeft > 0 && sent >= BreakAt)
            {
                BreaksLeft--;
                return true;
            }

            return false;
        }
    }

    // A byte per position that depends on the position only, so any range can be produced alone.
    private static void Pattern(long offset, Span<byte> into)
    {
        for (var i = 0; i < into.Length; i++)
        {
            var x = (ulong)(offset + i) * 0x9E3779B97F4A7C15UL;
            into[i] = (byte)(x >> 56);
        }
    }
}
