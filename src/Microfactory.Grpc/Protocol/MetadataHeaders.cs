using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Microfactory.Grpc.Protocol;

/// <summary>Maps <see cref="Metadata"/> to HTTP header fields and back (<c>-bin</c> values as base64).</summary>
internal static class MetadataHeaders
{
    public static string ToHeaderValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;

    /// <summary>Appends user metadata to ASP.NET Core headers or trailers.</summary>
    public static void CopyTo(Metadata metadata, IHeaderDictionary headers)
    {
        foreach (var entry in metadata)
        {
            headers.Append(entry.Key, ToHeaderValue(entry));
        }
    }

    /// <summary>Collects user metadata from server-side request headers, skipping what the protocol owns.</summary>
    public static Metadata FromHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers)
        {
            AddAll(metadata, name, values);
        }

        return metadata;
    }

    /// <summary>Collects user metadata from client-side response headers or trailers.</summary>
    public static Metadata FromHeaders(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers.NonValidated)
        {
            AddAll(metadata, name, new StringValues([.. values]));
        }

        return metadata;
    }

    private static void AddAll(Metadata metadata, string name, StringValues values)
    {
        if (GrpcProtocolConstants.IsReservedHeader(name))
        {
            return;
        }

        var key = name.ToLowerInvariant();
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            if (Metadata.Entry.IsBinaryKey(key))
            {
                // Several binary values may share one header field, comma separated.
                foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    metadata.Add(key, DecodeBase64(key, part));
                }
            }
            else
            {
                TryAddAscii(metadata, key, value);
            }
        }
    }

    private static void TryAddAscii(Metadata metadata, string key, string value)
    {
        try
        {
            metadata.Add(key, value);
        }
        catch (ArgumentException)
        {
            // A header that is not valid gRPC metadata (odd key characters) is HTTP noise, not something to fail a call on.
        }
    }

    private static byte[] DecodeBase64(string key, string value)
    {
        var padded = value.Length % 4 == 0 ? value : value + new string('=', 4 - (value.Length % 4));
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Metadata '{key}' is not valid base64."));
        }
    }
}
