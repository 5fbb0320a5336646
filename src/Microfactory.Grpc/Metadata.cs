using System.Collections;

namespace Microfactory.Grpc;

/// <summary>
/// Custom headers or trailers of a call. Keys are lower-case; a key ending in <c>-bin</c> carries bytes
/// (base64 on the wire), any other key carries printable ASCII.
/// </summary>
public sealed class Metadata : IReadOnlyList<Metadata.Entry>
{
    public const string BinarySuffix = "-bin";

    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public Entry this[int index] => _entries[index];

    public Metadata Add(string key, string value)
    {
        _entries.Add(new Entry(key, value));
        return this;
    }

    public Metadata Add(string key, byte[] value)
    {
        _entries.Add(new Entry(key, value));
        return this;
    }

    public Metadata Add(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.Add(entry);
        return this;
    }

    /// <summary>The last entry with the key (keys compare case-insensitively), or null.</summary>
    public Entry? Get(string key)
    {
        var normalized = key.ToLowerInvariant();
        return _entries.LastOrDefault(e => e.Key == normalized);
    }

    /// <summary>The value of the last ASCII entry with the key, or null.</summary>
    public string? GetValue(string key) => Get(key)?.Value;

    /// <summary>The bytes of the last binary (<c>-bin</c>) entry with the key, or null.</summary>
    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    public IEnumerable<Entry> GetAll(string key)
    {
        var normalized = key.ToLowerInvariant();
        return _entries.Where(e => e.Key == normalized);
    }

    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One key and its value, validated the way the gRPC spec allows them on the wire.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _bytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            ArgumentNullException.ThrowIfNull(value);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Metadata key '{Key}' ends in '-bin' and needs a byte[] value.", nameof(value));
            }

            foreach (var c in value)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException($"Metadata value of '{Key}' must be printable ASCII; use a '-bin' key for other data.", nameof(value));
                }
            }

            _value = value;
        }

        public Entry(string key, byte[] value)
        {
            Key = NormalizeKey(key);
            ArgumentNullException.ThrowIfNull(value);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Metadata key '{Key}' carries bytes and must end in '-bin'.", nameof(key));
            }

            _bytes = value;
        }

        public string Key { get; }

        public bool IsBinary => _bytes is not null;

        /// <summary>The ASCII value; throws for a binary entry.</summary>
        public string Value => _value ?? throw new InvalidOperationException($"Metadata entry '{Key}' is binary; read ValueBytes.");

        /// <summary>The binary value; throws for an ASCII entry.</summary>
        public byte[] ValueBytes => _bytes ?? throw new InvalidOperationException($"Metadata entry '{Key}' is ASCII; read Value.");

        public override string ToString() => IsBinary ? $"{Key}: <{_bytes!.Length} bytes>" : $"{Key}: {_value}";

        internal static bool IsBinaryKey(string key) => key.EndsWith(BinarySuffix, StringComparison.Ordinal);

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            var normalized = key.ToLowerInvariant();
            foreach (var c in normalized)
            {
                var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.';
                if (!ok)
                {
                    throw new ArgumentException($"Metadata key '{key}' may hold only a-z, 0-9, '-', '_' and '.'.", nameof(key));
                }
            }

            if (normalized.StartsWith("grpc-", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Metadata key '{key}' is reserved: 'grpc-' keys belong to the protocol.", nameof(key));
            }

            return normalized;
        }
    }
}
