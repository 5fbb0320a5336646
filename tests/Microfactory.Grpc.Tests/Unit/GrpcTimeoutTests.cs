using Microfactory.Grpc.Protocol;

namespace Microfactory.Grpc.Tests.Unit;

public sealed class GrpcTimeoutTests
{
    public static TheoryData<string, long> ValidHeaders => new()
    {
        { "1H", TimeSpan.FromHours(1).Ticks },
        { "2M", TimeSpan.FromMinutes(2).Ticks },
        { "3S", TimeSpan.FromSeconds(3).Ticks },
        { "300m", TimeSpan.FromMilliseconds(300).Ticks },
        { "5u", 50 },
        { "100n", 1 },
        { "99999999n", 1_000_000 },
        { "99999999S", TimeSpan.FromSeconds(99_999_999).Ticks },
        { "0S", 0 },
    };

    [Theory]
    [MemberData(nameof(ValidHeaders))]
    public void Parses_every_unit_of_the_spec(string header, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Fact]
    public void A_nanosecond_timeout_never_rounds_down_to_no_time()
    {
        Assert.True(GrpcTimeout.TryParse("1n", out var timeout));
        Assert.Equal(1, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("100")]
    [InlineData("123456789S")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData("10x")]
    [InlineData("10s")]
    [InlineData(" 10S")]
    public void Rejects_what_the_spec_does_not_allow(string header)
    {
        Assert.False(GrpcTimeout.TryParse(header, out _));
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 10, "10000n")]
    [InlineData(0, 0, 0, 300, 0, "300000u")]
    [InlineData(0, 0, 1, 0, 0, "1000000u")]
    [InlineData(2, 0, 0, 0, 0, "7200000m")]
    public void Formats_in_the_finest_unit_that_fits_eight_digits(int hours, int minutes, int seconds, int milliseconds, int microseconds, string expected)
    {
        var timeout = new TimeSpan(0, hours, minutes, seconds, milliseconds, microseconds);
        Assert.Equal(expected, GrpcTimeout.Format(timeout));
    }

    [Fact]
    public void An_expired_deadline_is_sent_as_the_smallest_timeout()
    {
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.FromSeconds(-3)));
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.Zero));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(12_345_678L)]
    [InlineData(10_000_001L)]
    [InlineData(987_654_321_987L)]
    [InlineData(3_155_378_975_999_999_999L)]
    public void Formatted_timeouts_parse_back_to_at_least_the_original(long ticks)
    {
        var original = TimeSpan.FromTicks(ticks);
        var header = GrpcTimeout.Format(original);
        Assert.True(header.Length <= 9, header);
        Assert.True(GrpcTimeout.TryParse(header, out var parsed), header);
        Assert.True(parsed >= original || header == "99999999H", $"{header} parsed to {parsed}, shorter than {original}");
    }
}
