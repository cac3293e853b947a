using Tally.Core;

namespace Tally.Import;

/// <summary>
/// The row reading shared by Binance's futures and spot trade-history CSV exports; a
/// <see cref="BinanceCsvLayout"/> says where they differ. Row errors name the columns as the file does
/// (<c>line 3, column Executed: "abcBTC" is not a positive number …</c>).
/// </summary>
internal static class BinanceTradesCsv
{
    /// <exception cref="InputFileException">The file is empty or lacks a required column.</exception>
    public static IEnumerable<RowResult> Read(TextReader text, string source, FillReadOptions options, BinanceCsvLayout layout)
    {
        // Excel and some browsers save the export with a byte order mark, which would become part of the
        // first header name ("\uFEFFDate(UTC)") when the reader is not a StreamReader that strips it.
        if (text.Peek() == '\uFEFF')
        {
            text.Read();
        }

        CsvTable table;
        try
        {
            table = CsvTable.Open(text, source);
        }
        catch (Sylvan.Data.Csv.CsvMissingHeadersException e)
        {
            // CsvTable.Open only recognizes an empty header line; a file with no line at all fails inside Sylvan.
            throw new InputFileException($"{source}: the file is empty (a header line is required)", e);
        }

        Columns columns;
        try
        {
            columns = Columns.Resolve(table, source, layout);
        }
        catch
        {
            table.Dispose();
            throw;
        }

        return ReadRows(table, columns, options, layout);
    }

    private static IEnumerable<RowResult> ReadRows(CsvTable table, Columns columns, FillReadOptions options, BinanceCsvLayout layout)
    {
        using (table)
        {
            var checks = new FillRowChecks(options);
            var syntheticIds = columns.TradeId is null ? new BinanceSyntheticTradeIds() : null;
            while (table.Read())
            {
                yield return ReadRow(table, columns, options, layout, checks, syntheticIds);
            }
        }
    }

    private static RowResult ReadRow(
        CsvTable row, Columns columns, FillReadOptions options, BinanceCsvLayout layout, FillRowChecks checks, BinanceSyntheticTradeIds? syntheticIds)
    {
        var line = row.Line;
        RowResult Bad(string column, string value, string problem) => RowResult.Bad(new RowError(line, column, value, problem));
        if (row.Problem is { } rowProblem)
        {
            return RowResult.Bad(rowProblem);
        }

        var timeText = row.Get(columns.Time);
        if (BinanceCsvValues.Time(timeText, columns.TimeOffset, out var time) is { } timeProblem)
        {
            return Bad(columns.Time, timeText, timeProblem);
        }

        var symbolText = row.Get(columns.Symbol);
        var symbol = layout.SymbolIsPair ? string.Concat(symbolText.Where(c => c is not ('/' or '-' or '_' or ' '))) : symbolText;
        if (symbol.Length == 0)
        {
            return Bad(columns.Symbol, symbolText, "is empty");
        }

        // The pair's own assets are the first candidates when splitting glued values such as 0.51INCH.
        string[] pairAssets = options.Instruments.TryResolve(options.Venue ?? layout.DefaultVenue, symbol, out var instrument) ? [instrument.BaseAsset, instrument.QuoteAsset] : [];

        var sideText = row.Get(columns.Side);
        if (!WireNames.TryParseSide(sideText, out var side))
        {
            return Bad(columns.Side, sideText, "is not BUY or SELL");
        }

        var priceText = row.Get(columns.Price);
        if (BinanceCsvValues.PositiveAmount(priceText, pairAssets, out var price, out _) is { } priceProblem)
        {
            return Bad(columns.Price, priceText, priceProblem);
        }

        var qtyText = row.Get(columns.Quantity);
        if (BinanceCsvValues.PositiveAmount(qtyText, pairAssets, out var qty, out _) is { } qtyProblem)
        {
            return Bad(columns.Quantity, qtyText, qtyProblem);
        }

        var fee = 0m;
        string? gluedFeeAsset = null;
        var feeText = columns.Fee is null ? string.Empty : row.Get(columns.Fee);
        if (feeText.Length > 0 && BinanceCsvValues.Amount(feeText, pairAssets, out fee, out gluedFeeAsset) is { } feeProblem)
        {
            return Bad(columns.Fee!, feeText, feeProblem);
        }

        var feeAssetText = columns.FeeAsset is null ? string.Empty : row.Get(columns.FeeAsset);
        if (feeAssetText.Length > 0 && gluedFeeAsset is not null && !string.Equals(feeAssetText, gluedFeeAsset, StringComparison.OrdinalIgnoreCase))
        {
            return Bad(columns.FeeAsset!, feeAssetText, $"disagrees with the asset {gluedFeeAsset} written in {columns.Fee}");
        }

        var positionSideText = columns.PositionSide is null ? string.Empty : row.Get(columns.PositionSide);
        var positionSide = PositionSide.Both;
        if (positionSideText.Length > 0 && !WireNames.TryParsePositionSide(positionSideText, out positionSide))
        {
            return Bad(columns.PositionSide!, positionSideText, "is not BOTH, LONG or SHORT");
        }

        var tradeIdText = columns.TradeId is null ? string.Empty : row.Get(columns.TradeId);
        if (columns.TradeId is not null && tradeIdText.Length == 0)
        {
            return Bad(columns.TradeId, tradeIdText, "is empty");
        }

        var orderIdText = columns.OrderId is null ? string.Empty : row.Get(columns.OrderId);
        var fill = new Fill(
            Venue: options.Venue ?? layout.DefaultVenue,
            Account: options.Account ?? Fill.DefaultAccount,
            Symbol: symbol,
            Side: side,
            PositionSide: positionSide,
            Quantity: qty,
            Price: price,
            Fee: fee,
            FeeAsset: feeAssetText.Length > 0 ? feeAssetText.ToUpperInvariant() : gluedFeeAsset,
            TradeId: tradeIdText,
            Timestamp: time,
            OrderId: orderIdText.Length > 0 ? orderIdText : null);
        if (syntheticIds is not null)
        {
            fill = fill with { TradeId = syntheticIds.Next(fill) };
        }

        if (FillAmountChecks.Check(line, fill, options) is { } tooLarge)
        {
            return RowResult.Bad(tooLarge with { Column = columns.InFileTerms(tooLarge.Column) });
        }

        return checks.Check(line, fill, symbolText, positionSideText.Length > 0 ? positionSideText : positionSide.ToWireName(), fill.TradeId) is { } refused
            ? RowResult.Bad(refused with { Column = columns.InFileTerms(refused.Column) })
            : RowResult.Ok(new ParsedFill(line, fill));
    }

    /// <summary>The header names this file uses for each field; null where the file has no such column.</summary>
    private sealed record Columns(
        string Time,
        TimeSpan TimeOffset,
        string Symbol,
        string Side,
        string Price,
        string Quantity,
        string? Fee,
        string? FeeAsset,
        string? PositionSide,
        string? TradeId,
        string? OrderId)
    {
        public static Columns Resolve(CsvTable table, string source, BinanceCsvLayout layout)
        {
            var missing = new List<IReadOnlyList<string>>();
            string Required(IReadOnlyList<string> spellings)
            {
                var found = spellings.FirstOrDefault(table.Has);
                if (found is null)
                {
                    missing.Add(spellings);
                }

                return found ?? string.Empty;
            }

            var utcTime = BinanceCsvLayout.UtcTime.FirstOrDefault(table.Has);
            var time = utcTime ?? Required([.. BinanceCsvLayout.UtcTime, .. BinanceCsvLayout.ZonedTime]);
            var offset = utcTime is null ? BinanceCsvValues.OffsetFromFileName(source) ?? TimeSpan.Zero : TimeSpan.Zero;
            var symbol = Required(layout.Symbol);
            var side = Required(layout.Side);
            var price = Required(BinanceCsvLayout.Price);
            var quantity = layout.Quantity.FirstOrDefault(table.Has)
                ?? (layout.LegacyQuantityWithTotal is { } legacy && table.Has(legacy) && table.Has("Total") ? legacy : null)
                ?? Required(layout.Quantity);

            if (missing.Count > 0)
            {
                var names = missing.Select(spellings => string.Join(" or ", spellings));
                throw new InputFileException(
                    $"{source}: not {layout.Description}: missing column{(missing.Count > 1 ? "s" : "")} {string.Join("; ", names)}");
            }

            return new Columns(
                time,
                offset,
                symbol,
                side,
                price,
                quantity,
                BinanceCsvLayout.Fee.FirstOrDefault(table.Has),
                BinanceCsvLayout.FeeAsset.FirstOrDefault(table.Has),
                BinanceCsvLayout.PositionSide.FirstOrDefault(table.Has),
                BinanceCsvLayout.TradeId.FirstOrDefault(table.Has),
                BinanceCsvLayout.OrderId.FirstOrDefault(table.Has));
        }

        /// <summary>FillRowChecks names columns as the Tally CSV does; this file's own names are clearer.</summary>
        public string InFileTerms(string checkColumn) => checkColumn switch
        {
            "symbol" => Symbol,
            "qty" => Quantity,
            "price" => Price,
            "position_side" => PositionSide ?? BinanceCsvLayout.PositionSide[0],
            "fee" => Fee ?? BinanceCsvLayout.Fee[0],
            "trade_id" => TradeId ?? BinanceCsvLayout.TradeId[0],
            _ => checkColumn,
        };
    }
}
