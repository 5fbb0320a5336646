using System.Net.Http.Headers;
using Microfactory.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace Microfactory.Grpc.Tests.Unit;

public sealed class MetadataTests
{
    [Fact]
    public void Keys_are_lower_cased_and_values_read_back()
    {
        var metadata = new Metadata().Add("X-Trace", "abc").Add("blob-bin", [1, 2, 3]);
        Assert.Equal("abc", metadata.GetValue("x-trace"));
        Assert.Equal(new byte[] { 1, 2, 3 }, metadata.GetValueBytes("BLOB-BIN"));
    }

    [Fact]
    public void Bin_keys_need_bytes_and_other_keys_need_printable_ascii()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("data-bin", "text"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("data", [1]));
        var ex = Assert.Throws<ArgumentException>(() => new Metadata().Add("note", "caf\u00e9"));
        Assert.Contains("printable ASCII", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grpc-status")]
    [InlineData("bad key")]
    [InlineData("k:v")]
    public void Reserved_or_malformed_keys_are_refused(string key)
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add(key, "v"));
    }

    [Fact]
    public void Binary_values_go_out_as_unpadded_base64()
    {
        var entry = new Metadata.Entry("x-bin", [0x0a, 0x0b, 0x0a, 0x0b]);
        Assert.Equal("CgsKCw", MetadataHeaders.ToHeaderValue(entry));
    }

    [Fact]
    public void Request_headers_become_metadata_without_protocol_headers()
    {
        var headers = new HeaderDictionary
        {
            ["content-type"] = "application/grpc",
            ["te"] = "trailers",
            ["grpc-timeout"] = "1S",
            ["x-user"] = "alice",
            ["x-multi-bin"] = "CgsKCw,AQID",
            ["x-padded-bin"] = "AQI=",
        };

        var metadata = MetadataHeaders.FromHeaders(headers);

        Assert.Equal(["x-user", "x-multi-bin", "x-multi-bin", "x-padded-bin"], metadata.Select(e => e.Key));
        Assert.Equal(new byte[] { 0x0a, 0x0b, 0x0a, 0x0b }, metadata.GetAll("x-multi-bin").First().ValueBytes);
        Assert.Equal(new byte[] { 1, 2, 3 }, metadata.GetAll("x-multi-bin").Last().ValueBytes);
        Assert.Equal(new byte[] { 1, 2 }, metadata.GetValueBytes("x-padded-bin"));
    }

    [Fact]
    public void Invalid_base64_in_a_bin_header_is_an_internal_error_naming_the_key()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("x-broken-bin", "!!!");
        var ex = Assert.Throws<RpcException>(() => MetadataHeaders.FromHeaders((HttpHeaders)response.Headers));
        Assert.Contains("x-broken-bin", ex.Status.Detail, StringComparison.Ordinal);
    }
}
