using System.Text.Json;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

public sealed class GeoDistanceTests
{
    [Fact]
    public void Osaka_to_Tokyo_is_about_400_km()
    {
        var km = Cities.Osaka.DistanceKmTo(Cities.Tokyo);

        Assert.InRange(km, 390, 410);
        Assert.Equal(km, Cities.Tokyo.DistanceKmTo(Cities.Osaka), 9);
    }

    [Fact]
    public void Osaka_to_Kyoto_is_about_43_km_and_a_point_to_itself_is_zero()
    {
        Assert.InRange(Cities.Osaka.DistanceKmTo(Cities.Kyoto), 40, 46);
        Assert.Equal(0, Cities.Nagoya.DistanceKmTo(Cities.Nagoya));
    }

    [Fact]
    public void Antipodes_are_half_the_circumference_apart()
    {
        var km = new GeoPoint(0, 0).DistanceKmTo(new GeoPoint(0, 180));

        Assert.Equal(Math.PI * GreatCircle.EarthRadiusKm, km, 6);
    }

    [Theory]
    [InlineData(90.5, 0, "latitude")]
    [InlineData(-91, 0, "latitude")]
    [InlineData(double.NaN, 0, "latitude")]
    [InlineData(0, 180.01, "longitude")]
    [InlineData(0, double.NegativeInfinity, "longitude")]
    public void Out_of_range_coordinates_are_refused_by_name(double latitude, double longitude, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GeoPoint(latitude, longitude));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void A_point_survives_json_and_bad_coordinates_in_json_are_refused()
    {
        var site = new SiteSnapshot("osaka-2", "osaka", Cities.Osaka, SiteStatus.Online, Connected: true);

        var restored = JsonSerializer.Deserialize<SiteSnapshot>(JsonSerializer.Serialize(site));

        Assert.Equal(site, restored);
        Assert.Throws<ArgumentOutOfRangeException>(
            () => JsonSerializer.Deserialize<GeoPoint>("""{"Latitude":123,"Longitude":0}"""));
    }
}
