namespace Microfactory.Storage.AzureBlob;

/// <summary>
/// The parts of a standard Azure Storage connection string the blob backend uses: the blob endpoint and a Shared Key.
/// Accepts <c>UseDevelopmentStorage=true</c> (Azurite's well-known account) and
/// <c>DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...;[BlobEndpoint=...|EndpointSuffix=...]</c>.
/// </summary>
public sealed record StorageConnectionString(Uri BlobEndpoint, string AccountName, byte[] AccountKey)
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    // Published in Azurite's and Azure's documentation; not a secret.
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var items = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                // Not echoed: a stray fragment may be part of a key.
                throw Invalid($"part {i + 1} is not a Name=Value pair");
            }

            parts[item[..eq].Trim()] = item[(eq + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? new Uri(p) : new Uri("http://127.0.0.1");
            return new StorageConnectionString(
                new Uri($"{proxy.Scheme}://{proxy.Host}:10000/{DevelopmentAccountName}"), DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey));
        }

        var account = Required(parts, "AccountName");
        var key = Required(parts, "AccountKey");
        byte[] keyBytes;
        try
        {
            keyBytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw Invalid("AccountKey is not base64");
        }

        Uri endpoint;
        if (parts.TryGetValue("BlobEndpoint", out var blobEndpoint))
        {
            if (!Uri.TryCreate(blobEndpoint, UriKind.Absolute, out endpoint!) || endpoint.Scheme is not ("http" or "https"))
            {
                throw Invalid($"BlobEndpoint '{blobEndpoint}' is not an absolute http(s) URL");
            }
        }
        else
        {
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            if (protocol is not ("http" or "https"))
            {
                throw Invalid($"DefaultEndpointsProtocol must be http or https, not '{protocol}'");
            }

            var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = new Uri($"{protocol}://{account}.blob.{suffix}");
        }

        return new StorageConnectionString(endpoint, account, keyBytes);
    }

    // The key must never reach a log or an exception message.
    public override string ToString() => $"BlobEndpoint={BlobEndpoint};AccountName={AccountName};AccountKey=***";

    private static string Required(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && value.Length > 0 ? value : throw Invalid($"{name} is missing");

    private static ArgumentException Invalid(string reason) =>
        new($"Invalid Azure Storage connection string: {reason}. Expected 'UseDevelopmentStorage=true' or " +
            "'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...[;BlobEndpoint=...]'.", "connectionString");
}
