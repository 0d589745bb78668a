instant-more-heading = { $count ->
    [one] One more story last hour
   *[other] { $count } more stories last hour
}
instant-more-left = …and { $count } more
