instant-more-heading = { $count ->
    [one] Ещё { $count } новость за прошедший час
    [few] Ещё { $count } новости за прошедший час
   *[other] Ещё { $count } новостей за прошедший час
}
instant-more-left = …и ещё { $count }
