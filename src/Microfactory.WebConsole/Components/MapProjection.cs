using Microfactory.Network.Routing;

namespace Microfactory.WebConsole.Components;

/// <summary>
/// Fits points into an SVG view box: equirectangular, longitude scaled by the cosine of the middle latitude so that
/// distances look right at city scale, north up, with a margin. No tiles: the map is the network's own coordinates.
/// </summary>
public sealed class MapProjection
{
    // A network in one city still gets a readable map: never zoom in beyond this many degrees across.
    private const double MinSpanDegrees = 0.4;

    private readonly double _west, _north, _scale, _offsetX, _offsetY, _cosLat;

    public MapProjection(IEnumerable<GeoPoint> points, double width, double height, double margin)
    {
        var list = points.ToList();
        if (list.Count == 0)
        {
            list.Add(new GeoPoint(0, 0));
        }

        double south = list.Min(p => p.Latitude), north = list.Max(p => p.Latitude);
        double west = list.Min(p => p.Longitude), east = list.Max(p => p.Longitude);
        _cosLat = Math.Max(0.2, Math.Cos((south + north) / 2 * Math.PI / 180));
        var spanX = Math.Max((east - west) * _cosLat, MinSpanDegrees);
        var spanY = Math.Max(north - south, MinSpanDegrees);
        _scale = Math.Min((width - (2 * margin)) / spanX, (height - (2 * margin)) / spanY);
        _west = west;
        _north = north;
        // Centre the drawing in the box along the axis that has room to spare.
        _offsetX = margin + (((width - (2 * margin)) - ((east - west) * _cosLat * _scale)) / 2);
        _offsetY = margin + (((height - (2 * margin)) - ((north - south) * _scale)) / 2);
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

    public (double X, double Y) Project(GeoPoint p) =>
        (_offsetX + ((p.Longitude - _west) * _cosLat * _scale), _offsetY + ((_north - p.Latitude) * _scale));
}
