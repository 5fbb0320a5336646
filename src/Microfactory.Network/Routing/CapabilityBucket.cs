using System.Runtime.InteropServices;

namespace Microfactory.Network.Routing;

/// <summary>
/// The cells that share one capability mask, stored contiguously. A route tests each bucket's mask once, counts
/// a non-matching bucket as rejected wholesale, and walks a matching bucket's rows in memory order, so the scan
/// neither branches per cell on capabilities nor hops around memory. Changed only under the index's write lock.
/// </summary>
internal sealed class CapabilityBucket(ulong mask)
{
    public ulong Mask { get; } = mask;

    public List<CellRow> Rows { get; } = [];

    public Span<CellRow> Span => CollectionsMarshal.AsSpan(Rows);
}

/// <summary>Where a cell's row lives: which bucket, which row. Rows move only under the write lock.</summary>
internal readonly record struct CellLocation(int Bucket, int Row);
