namespace Microfactory.Network.Routing;

/// <summary>
/// Gives each capability name one bit so that "has every required capability" is a single mask test.
/// Names are case-insensitive. Not thread-safe by itself: the index adds names under its write lock.
/// </summary>
internal sealed class CapabilityCatalog
{
    public const int MaxCapabilities = 64;

    private readonly Dictionary<string, int> _bits = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The mask for a cell's capabilities, giving new names the next free bit.</summary>
    public ulong AddAll(IEnumerable<string> names)
    {
        ulong mask = 0;
        foreach (var name in names)
        {
            if (!_bits.TryGetValue(name, out var bit))
            {
                if (_bits.Count == MaxCapabilities)
                {
                    throw new InvalidOperationException(
                        $"Capability '{name}' would be the {MaxCapabilities + 1}th distinct capability; routing supports {MaxCapabilities}.");
                }

                bit = _bits.Count;
                _bits.Add(name, bit);
            }

            mask |= 1UL << bit;
        }

        return mask;
    }

    /// <summary>The mask for an order's capabilities; false when a name is unknown (so no cell can have it).</summary>
    public bool TryGetMask(IEnumerable<string> names, out ulong mask)
    {
        mask = 0;
        foreach (var name in names)
        {
            if (!_bits.TryGetValue(name, out var bit))
            {
                return false;
            }

            mask |= 1UL << bit;
        }

        return true;
    }
}
