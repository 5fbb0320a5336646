namespace Microfactory.Storage;

/// <summary>A whole blob as read, with the ETag to make the next write conditional on.</summary>
public sealed record StoredBlob(ReadOnlyMemory<byte> Content, string ETag);

/// <summary>One row of a listing.</summary>
public sealed record BlobEntry(string Key, string ETag, long Length, DateTimeOffset LastModified);
