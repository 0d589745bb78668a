instant-more-heading = Өткен сағаттағы тағы { $count } жаңалық
instant-more-left = …және тағы { $count }
