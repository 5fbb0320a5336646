using System.Globalization;
using System.Xml.Linq;

namespace Microfactory.Storage.AzureBlob;

/// <summary>One page of a List Blobs answer: its entries (in Azure's order, which is ordinal for our ASCII keys) and the marker of the next page.</summary>
internal sealed record BlobListPage(IReadOnlyList<BlobEntry> Entries, string? NextMarker)
{
    public static BlobListPage Parse(Stream xml)
    {
        var root = XDocument.Load(xml).Root ?? throw new InvalidDataException("Azure Blob answered List Blobs with an empty document.");
        var entries = new List<BlobEntry>();
        foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var name = blob.Element("Name")?.Value ?? throw new InvalidDataException("A List Blobs entry has no Name.");
            var properties = blob.Element("Properties") ?? throw new InvalidDataException($"List Blobs entry '{name}' has no Properties.");
            var etag = properties.Element("Etag")?.Value ?? "";
            entries.Add(new BlobEntry(
                name,
                // Listings give the ETag bare, headers give it quoted; callers compare it with what writes returned.
                etag.StartsWith('"') ? etag : $"\"{etag}\"",
                long.Parse(properties.Element("Content-Length")?.Value ?? "0", CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(properties.Element("Last-Modified")?.Value ?? "", CultureInfo.InvariantCulture)));
        }

        var next = root.Element("NextMarker")?.Value;
        return new BlobListPage(entries, string.IsNullOrEmpty(next) ? null : next);
    }
}
