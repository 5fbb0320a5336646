namespace Microfactory.Network.Routing;

/// <summary>Snapshot upserts and removals: validated first, then applied under the write lock.</summary>
public sealed partial class RoutingIndex
{
    /// <summary>Adds the site or replaces its snapshot. Its cells stay attached.</summary>
    public void UpsertSite(SiteSnapshot site)
    {
        ArgumentNullException.ThrowIfNull(site);
        RoutingArguments.EnsureId(site.SiteId, nameof(site.SiteId));
        RoutingArguments.EnsureId(site.CityId, nameof(site.CityId));
        if (!Enum.IsDefined(site.Status))
        {
            throw new ArgumentException($"Site '{site.SiteId}': status {(int)site.Status} is not Online, Offline or Draining.", nameof(site));
        }

        var row = new SiteRow { SiteId = site.SiteId, CityId = site.CityId, Location = site.Location, Status = site.Status, Connected = site.Connected };
        Write(() =>
        {
            if (_siteSlots.TryGetValue(site.SiteId, out var slot))
            {
                if (_sites[slot].Location != site.Location)
                {
                    _geometryVersion++;
                }

                _sites[slot] = row;
                return;
            }

            _siteSlots.Add(site.SiteId, _sites.Count);
            _sites.Add(row);
            _geometryVersion++;
            _layoutVersion++;
        });
    }

    /// <summary>Removes the site and all its cells; false if it was not there.</summary>
    public bool RemoveSite(string siteId)
    {
        ArgumentNullException.ThrowIfNull(siteId);
        return Write(() =>
        {
            if (!_siteSlots.TryGetValue(siteId, out var slot))
            {
                return false;
            }

            foreach (var bucket in _buckets)
            {
                var rows = bucket.Span;
                for (var row = rows.Length - 1; row >= 0; row--)
                {
                    if (rows[row].SiteSlot == slot)
                    {
                        RemoveCellAt(_cells[rows[row].CellId]);
                        rows = bucket.Span;
                    }
                }
            }

            // Swap-remove: the last site takes the freed slot, and its cells follow it.
            var last = _sites.Count - 1;
            if (slot != last)
            {
                var moved = _sites[last];
                _sites[slot] = moved;
                _siteSlots[moved.SiteId] = slot;
                foreach (var bucket in _buckets)
                {
                    foreach (ref var cell in bucket.Span)
                    {
                        if (cell.SiteSlot == last)
                        {
                            cell.SiteSlot = slot;
                        }
                    }
                }
            }

            _sites.RemoveAt(last);
            _siteSlots.Remove(siteId);
            _geometryVersion++;
            _layoutVersion++;
            return true;
        });
    }

    /// <summary>Adds the cell or replaces its snapshot, backlog included. Its site must be upserted first.</summary>
    public void UpsertCell(CellSnapshot cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ValidateCell(cell);
        var calendarHoursPerWorkHour = CandidateScorer.CalendarHoursPerWorkHour(cell.ThroughputFactor, cell.HoursPerDay);
        Write(() =>
        {
            if (!_siteSlots.TryGetValue(cell.SiteId, out var siteSlot))
            {
                throw new InvalidOperationException(
                    $"Cell '{cell.CellId}' belongs to site '{cell.SiteId}', which is not in the routing index; upsert the site first.");
            }

            var designIds = _designs.AddAll(cell.InstalledDesigns);
            var row = new CellRow
            {
                CellId = cell.CellId,
                SiteSlot = siteSlot,
                DesignIds = designIds,
                DesignBloom = CellRow.Bloom(designIds),
                CalendarHoursPerWorkHour = calendarHoursPerWorkHour,
                LimitTicks = WorkTicks.FromHours(cell.BacklogLimitHours),
                State = cell.State,
                BacklogTicks = WorkTicks.FromHours(cell.BacklogHours),
                SetupId = cell.SetupKey is { } setup ? _setups.Intern(setup) : 0,
                MaintenanceFromTicks = cell.MaintenanceFrom?.UtcTicks ?? 0,
                MaintenanceUntilTicks = cell.MaintenanceUntil?.UtcTicks ?? 0,
            };

            var bucket = BucketFor(_capabilities.AddAll(cell.Capabilities));
            if (_cells.TryGetValue(cell.CellId, out var location))
            {
                if (location.Bucket == bucket)
                {
                    if (RowAt(location).SiteSlot != siteSlot)
                    {
                        _layoutVersion++;
                    }

                    RowAt(location) = row;
                    return;
                }

                // Its capabilities changed: the row moves to the bucket of its new mask.
                RemoveCellAt(location);
            }

            var rows = _buckets[bucket].Rows;
            rows.Add(row);
            _cells.Add(cell.CellId, new CellLocation(bucket, rows.Count - 1));
            _layoutVersion++;
        });
    }

    /// <summary>Removes the cell; false if it was not there.</summary>
    public bool RemoveCell(string cellId)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        return Write(() =>
        {
            if (!_cells.TryGetValue(cellId, out var location))
            {
                return false;
            }

            RemoveCellAt(location);
            return true;
        });
    }

    private static void ValidateCell(CellSnapshot cell)
    {
        RoutingArguments.EnsureId(cell.CellId, nameof(cell.CellId));
        RoutingArguments.EnsureId(cell.SiteId, nameof(cell.SiteId));
        if (cell.Capabilities is null || cell.Capabilities.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"Cell '{cell.CellId}': Capabilities must be a list of non-empty names.", nameof(cell));
        }

        if (cell.InstalledDesigns is null)
        {
            throw new ArgumentException($"Cell '{cell.CellId}': InstalledDesigns is required (it may be empty).", nameof(cell));
        }

        foreach (var design in cell.InstalledDesigns)
        {
            DesignVersionFormat.EnsureWellFormed(design, nameof(cell.InstalledDesigns));
        }

        RoutingArguments.EnsureHours(cell.BacklogHours, nameof(cell.BacklogHours), allowZero: true);
        RoutingArguments.EnsureHours(cell.BacklogLimitHours, nameof(cell.BacklogLimitHours), allowZero: true);
        if (!Enum.IsDefined(cell.State))
        {
            throw new ArgumentException($"Cell '{cell.CellId}': state {(int)cell.State} is not a known CellState.", nameof(cell));
        }
    }

    /// <summary>Call under the write lock. Swap-remove within the bucket: its last row takes the freed place.</summary>
    private void RemoveCellAt(CellLocation location)
    {
        var rows = _buckets[location.Bucket].Rows;
        var removedId = rows[location.Row].CellId;
        var last = rows.Count - 1;
        if (location.Row != last)
        {
            var moved = rows[last];
            rows[location.Row] = moved;
            _cells[moved.CellId] = location;
        }

        rows.RemoveAt(last);
        _cells.Remove(removedId);
        _layoutVersion++;
    }

    /// <summary>Call under the write lock. Buckets are never removed; there are as many as distinct masks ever seen.</summary>
    private int BucketFor(ulong mask)
    {
        if (!_bucketByMask.TryGetValue(mask, out var bucket))
        {
            bucket = _buckets.Count;
            _buckets.Add(new CapabilityBucket(mask));
            _bucketByMask.Add(mask, bucket);
        }

        return bucket;
    }

    private void Write(Action write) => Write(() =>
    {
        write();
        return true;
    });

    private T Write<T>(Func<T> write)
    {
        _lock.EnterWriteLock();
        try
        {
            return write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
