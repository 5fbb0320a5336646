using Microfactory.Grpc.Protocol;

namespace Microfactory.Grpc.Tests.Unit;

public sealed class PercentEncodingTests
{
    private const string SpecialMessage = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001F608\t\n";

    [Fact]
    public void Printable_ascii_is_sent_as_it_is()
    {
        Assert.Equal("test status message", PercentEncoding.Encode("test status message"));
    }

    [Fact]
    public void Control_characters_percent_and_unicode_are_escaped_as_utf8_bytes()
    {
        Assert.Equal("%09a%25b%E2%98%BA%F0%9F%98%88", PercentEncoding.Encode("\ta%b\u263a\U0001F608"));
    }

    [Fact]
    public void The_interop_special_message_survives_a_round_trip_and_is_header_safe()
    {
        var encoded = PercentEncoding.Encode(SpecialMessage);
        Assert.All(encoded, c => Assert.InRange(c, (char)0x20, (char)0x7E));
        Assert.Equal(SpecialMessage, PercentEncoding.Decode(encoded));
    }

    [Theory]
    [InlineData("100%", "100%")]
    [InlineData("%zz", "%zz")]
    [InlineData("%4", "%4")]
    [InlineData("a%2", "a%2")]
    [InlineData("%41%42", "AB")]
    [InlineData("%e2%98%ba", "\u263a")]
    public void Decoding_is_lenient_with_malformed_escapes(string wire, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Decode(wire));
    }
}
