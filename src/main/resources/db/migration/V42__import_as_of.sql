-- A lender's file states its figures (DPD, balances) as of the day it was extracted, a few days before it reaches
-- us (issue 20): the import records that date, which the file's DPD was checked against.
alter table portfolio_import add column as_of date;
